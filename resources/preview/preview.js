// Runs in the application's isolated world: the page's own scripts are disabled, but the
// DOM is shared, so the editor can patch the preview without reloading it.
//
// One wrapper per fragment, in order. A long document keeps the wrappers far from the view
// "held": the wrapper keeps its HTML as a string and stands in as an empty box of about the
// height it would have, so the scroll bar stays true while the page holds no element of it.
// Held wrappers are filled when they come near the view (an IntersectionObserver), when
// scrolled to, or when the find bar looks for a word in them; filled wrappers that scroll far
// away are held again.
window.AE = {
  NEAR: "150% 0px",  // how close to the view a held wrapper is filled
  FAR_SCREENS: 6,  // how far (in view heights) a filled wrapper goes before it is held
  holding: false,  // whether this document is long enough to hold wrappers
  pxPerChar: 0.3,  // a held wrapper's height per character of HTML, measured as filled
  finding: "",  // while the find bar looks for something, nothing is held again
  live: new Set(),  // the filled wrappers of a holding document
  observer: null,

  content() { return document.getElementById("ae-content"); },

  init() {
    if (this.observer) return;
    this.observer = new IntersectionObserver((entries) => {
      let filled = false;
      for (const entry of entries) if (entry.isIntersecting && this.fill(entry.target)) filled = true;
      if (filled) this.keepScrolledTo();
    }, { rootMargin: this.NEAR });
    // What was filled moved what the editor asked to see: scroll to it again, for a moment
    // after the request, unless the reader has taken over.
    for (const kind of ["wheel", "mousedown", "keydown", "touchstart"]) {
      window.addEventListener(kind, () => { this.scrolledTo = null; }, { passive: true });
    }
    let timer = 0;
    window.addEventListener("scroll", () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.holdFar(), 400);
    }, { passive: true });
  },

  // Show `htmls` instead of everything; hold wrappers when their HTML passes `holdAbove`
  // characters in all (0: never).
  replaceAll(htmls, holdAbove) {
    this.init();
    const root = this.content();
    let size = 0;
    for (const html of htmls) size += html.length;
    this.holding = holdAbove > 0 && size > holdAbove;
    this.live.clear();
    this.observer.disconnect();
    root.replaceChildren();
    this.patch(0, 0, htmls);
    return root.children.length;
  },

  // Replace `remove` wrappers from index `start` with one wrapper per fragment in `htmls`.
  patch(start, remove, htmls) {
    this.init();
    const root = this.content();
    const before = root.children[start + remove] || null;
    // Text replacing what was on screen is shown at once (no flash of an empty box).
    let near = !this.holding;
    if (this.holding && root.children.length) {
      const neighbours = [root.children[start - 1], root.children[start + remove]];
      for (let i = 0; i < remove; i++) neighbours.push(root.children[start + i]);
      near = neighbours.some((w) => w && this.live.has(w));
    }
    for (let i = 0; i < remove; i++) {
      const old = root.children[start];
      if (!old) break;
      this.live.delete(old);
      if (this.observer) this.observer.unobserve(old);
      old.remove();
    }
    const fillNow = near && (!this.holding || htmls.length <= 20);
    const batch = document.createDocumentFragment();
    for (const html of htmls) batch.appendChild(this.wrapper(html, fillNow));
    root.insertBefore(batch, before);
    if (this.holding && !fillNow) this.fillInView(start, start + htmls.length);
    return root.children.length;
  },

  wrapper(html, filled) {
    const wrapper = document.createElement("div");
    wrapper.className = "ae-block";
    wrapper.aeHtml = html;
    if (filled || !this.holding) {
      wrapper.innerHTML = html;
      if (this.holding) this.live.add(wrapper);
    } else {
      this.hold(wrapper, html.length * this.pxPerChar);
    }
    return wrapper;
  },

  hold(wrapper, height) {
    wrapper.replaceChildren();
    wrapper.classList.add("ae-held");
    wrapper.style.height = `${Math.round(height)}px`;
    this.live.delete(wrapper);
    this.observer.observe(wrapper);
  },

  fill(wrapper) {
    if (!wrapper.classList.contains("ae-held")) return false;
    this.observer.unobserve(wrapper);
    wrapper.classList.remove("ae-held");
    wrapper.style.height = "";
    wrapper.innerHTML = wrapper.aeHtml;
    this.live.add(wrapper);
    return true;
  },

  isHeld(index) {
    const wrapper = this.content().children[index];
    return !!wrapper && wrapper.classList.contains("ae-held");
  },

  // Fill the held wrappers of [from, to) that are near the view now, in a few passes (what
  // is filled changes height and brings others near), then learn their real height.
  fillInView(from, to) {
    const root = this.content();
    const margin = window.innerHeight * 1.5;
    for (let pass = 0; pass < 4; pass++) {
      let low = from, high = to;
      while (low < high) {  // the first wrapper whose bottom is below the margin's top
        const middle = (low + high) >> 1;
        if (this.rect(root.children[middle]).bottom < -margin) low = middle + 1;
        else high = middle;
      }
      const near = [];
      for (let i = low; i < to; i++) {
        const wrapper = root.children[i];
        if (this.rect(wrapper).top > window.innerHeight + margin) break;
        if (wrapper.classList.contains("ae-held")) near.push(wrapper);
      }
      if (!near.length) break;
      for (const wrapper of near) this.fill(wrapper);
      this.learn(near);
    }
  },

  // Learn the height per character from `wrappers` just filled; when the guess was far off,
  // size the held wrappers again, so the scroll bar tells the page's length.
  learn(wrappers) {
    let height = 0, chars = 0;
    for (const wrapper of wrappers) {
      const box = this.rect(wrapper);
      if (box.height > 0) { height += box.height; chars += wrapper.aeHtml.length; }
    }
    if (chars < 2000) return;
    const measured = height / chars;
    if (Math.abs(measured - this.pxPerChar) < this.pxPerChar * 0.15) return;
    this.pxPerChar = measured;
    for (const wrapper of this.content().querySelectorAll(".ae-held")) {
      wrapper.style.height = `${Math.round(wrapper.aeHtml.length * measured)}px`;
    }
  },

  // A wrapper's box: its own when held, its content's when filled (display: contents).
  rect(wrapper) {
    if (wrapper.classList.contains("ae-held")) return wrapper.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(wrapper);
    return range.getBoundingClientRect();
  },

  // Hold again what has scrolled far away, keeping its height.
  holdFar() {
    if (!this.holding || this.finding) return;
    const far = window.innerHeight * this.FAR_SCREENS;
    const gone = [];
    for (const wrapper of this.live) {
      const box = this.rect(wrapper);
      if (box.height > 0 && (box.bottom < -far || box.top > window.innerHeight + far)) {
        gone.push([wrapper, box.height]);
      }
    }
    for (const [wrapper, height] of gone) this.hold(wrapper, height);
  },

  // Fill the held wrappers whose text holds `query`, so the web view's own find sees them.
  reveal(query, caseSensitive) {
    this.finding = query;
    if (!query || !this.holding) return 0;
    const wanted = caseSensitive ? query : query.toLowerCase();
    let filled = 0;
    for (const wrapper of this.content().children) {
      if (!wrapper.classList.contains("ae-held")) continue;
      if (wrapper.aeText === undefined) wrapper.aeText = this.plainText(wrapper.aeHtml);
      const text = caseSensitive ? wrapper.aeText : wrapper.aeText.toLowerCase();
      if (text.includes(wanted) && this.fill(wrapper)) filled++;
    }
    return filled;
  },

  plainText(html) {
    const entities = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
    return html.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, name) => {
      if (name[0] !== "#") return entities[name.toLowerCase()] ?? all;
      const code = name[1] === "x" || name[1] === "X"
        ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    });
  },

  // Top of a wrapper in page coordinates (a filled wrapper has no box of its own).
  blockTop(index) {
    const root = this.content();
    for (let i = index; i < root.children.length; i++) {
      const wrapper = root.children[i];
      if (wrapper.classList.contains("ae-held")) {
        return wrapper.getBoundingClientRect().top + window.scrollY;
      }
      const child = wrapper.firstElementChild;
      if (child) return child.getBoundingClientRect().top + window.scrollY;
    }
    return document.documentElement.scrollHeight;
  },

  // Fill wrappers [from, to) so that what is scrolled to is what it will look like.
  fillRange(from, to) {
    const root = this.content();
    const filled = [];
    for (let i = Math.max(0, from); i < Math.min(to, root.children.length); i++) {
      if (this.fill(root.children[i])) filled.push(root.children[i]);
    }
    if (filled.length) this.learn(filled);
  },

  scrolledTo: null,  // the last scroll the editor asked for: [when, how to do it again]

  keepScrolledTo() {
    const asked = this.scrolledTo;
    if (asked && performance.now() - asked[0] < 1500) asked[1]();
  },

  // Scroll so that wrapper `index`, `fraction` of the way through, is at the top.
  scrollToBlock(index, fraction) {
    this.scrolledTo = [performance.now(), () => this.scrollToBlockNow(index, fraction)];
    return this.scrollToBlockNow(index, fraction);
  },

  scrollToBlockNow(index, fraction) {
    if (this.holding) this.fillRange(index - 2, index + 4);
    const top = this.blockTop(index);
    const next = this.blockTop(index + 1);
    const target = top + Math.max(0, next - top) * fraction;
    window.scrollTo(0, Math.max(0, target - 16));
    return window.scrollY;
  },

  // Scroll so that the end of wrapper `index` is near the bottom of the view (the paragraph
  // being written at the end of a document), unless it is in view already.
  scrollToBlockEnd(index) {
    this.scrolledTo = [performance.now(), () => this.scrollToBlockEndNow(index)];
    return this.scrollToBlockEndNow(index);
  },

  scrollToBlockEndNow(index) {
    if (this.holding) this.fillRange(index - 4, index + 1);
    const wrapper = this.content().children[index];
    if (!wrapper) return window.scrollY;
    const box = this.rect(wrapper);
    const margin = 24;
    if (box.bottom + margin > window.innerHeight || box.bottom < margin) {
      window.scrollTo(0, Math.max(0, window.scrollY + box.bottom + margin - window.innerHeight));
    }
    return window.scrollY;
  },
};
