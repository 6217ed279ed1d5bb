// Runs in the application's isolated world: the page's own scripts are disabled, but the
// DOM is shared, so the editor can patch the preview without reloading it.
window.AE = {
  content() { return document.getElementById("ae-content"); },

  // Replace `remove` wrappers from index `start` with one wrapper per fragment in `htmls`.
  patch(start, remove, htmls) {
    const root = this.content();
    const before = root.children[start + remove] || null;
    for (let i = 0; i < remove; i++) {
      const old = root.children[start];
      if (old) old.remove();
    }
    const batch = document.createDocumentFragment();
    for (const html of htmls) {
      const wrapper = document.createElement("div");
      wrapper.className = "ae-block";
      wrapper.innerHTML = html;
      batch.appendChild(wrapper);
    }
    root.insertBefore(batch, before);
    return root.children.length;
  },

  // Top of a wrapper in page coordinates; wrappers have no box of their own.
  blockTop(index) {
    const root = this.content();
    for (let i = index; i < root.children.length; i++) {
      const child = root.children[i].firstElementChild;
      if (child) return child.getBoundingClientRect().top + window.scrollY;
    }
    return document.documentElement.scrollHeight;
  },

  // Scroll so that wrapper `index`, `fraction` of the way through, is at the top.
  scrollToBlock(index, fraction) {
    const top = this.blockTop(index);
    const next = this.blockTop(index + 1);
    const target = top + Math.max(0, next - top) * fraction;
    window.scrollTo(0, Math.max(0, target - 16));
    return window.scrollY;
  },
};
