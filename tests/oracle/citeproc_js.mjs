// citeproc-js (the CSL processor of Zotero and Mendeley) as the tests' oracle.
// Reads one JSON request on stdin:
//   {"items": [CSL-JSON...], "style": "path.csl", "locales": "dir of locales-xx-XX.xml",
//    "lang": "en-GB", "clusters": [{"items": [{"id", "locator", "label", "prefix", "suffix",
//    "suppress-author"}], "narrative": bool}]}
// and writes {"clusters": [html...], "bibliography": [html...], "bibliography_ids": [...],
// "second_field_align": ...} on stdout. A narrative cluster is citeproc-js's "composite" mode
// (author outside the parentheses, as pandoc's "@key [p. 3]").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const CSL = require("citeproc");

const request = JSON.parse(readFileSync(0, "utf8"));
const items = Object.fromEntries(request.items.map((item) => [item.id, item]));
const sys = {
  retrieveItem: (id) => items[id],
  retrieveLocale: (lang) => {
    try {
      return readFileSync(join(request.locales, `locales-${lang}.xml`), "utf8");
    } catch {
      return false; // citeproc-js then falls back to its en-US
    }
  },
};
const engine = new CSL.Engine(sys, readFileSync(request.style, "utf8"), request.lang, true);
engine.setOutputFormat("html");

const citations = request.clusters.map((cluster, index) => {
  const citation = {
    citationID: `c${index}`,
    citationItems: cluster.items.map((item) => {
      const out = { id: item.id };
      for (const name of ["locator", "label", "prefix", "suffix"]) {
        if (item[name]) out[name] = item[name];
      }
      if (item["suppress-author"]) out["suppress-author"] = true;
      return out;
    }),
    properties: { noteIndex: index + 1 },
  };
  if (cluster.narrative) citation.properties.mode = "composite";
  return citation;
});
const rebuilt = engine.rebuildProcessorState(citations, "html");
// A narrative cite in a style that prints no author (numeric styles) has nothing to put
// outside: citeproc-js says so with a "[NO_PRINTED_FORM]" marker and keeps the cite itself.
const byId = Object.fromEntries(
  rebuilt.map(([id, , text]) => [id, text.replace(/^\[NO_PRINTED_FORM\] ?/, "")]),
);
const output = { clusters: citations.map((citation) => byId[citation.citationID]) };
const bibliography = engine.makeBibliography();
if (bibliography) {
  const [meta, entries] = bibliography;
  output.bibliography = entries;
  output.bibliography_ids = meta.entry_ids.map((ids) => ids[0]);
  output.second_field_align = meta["second-field-align"] || false;
} else {
  output.bibliography = [];
  output.bibliography_ids = [];
  output.second_field_align = false;
}
process.stdout.write(JSON.stringify(output));
