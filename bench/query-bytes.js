// Which files one query costs a reader who lands on the search page fresh, by running search.js's own
// index code in Node over the built files: the entry, the term chunks of the query's terms, the
// shards of the listed results and, for the first results whose stored text lacks the query, the
// page itself (search.js's snippet fallback). Prints one JSON line per query: {query, lang, hits, files}.
// Usage: node bench/query-bytes.js SEARCH_JS SITE_DIR LANG QUERY...
"use strict";
const fs = require("fs");
const path = require("path");
const [searchJs, site, lang, ...queries] = process.argv.slice(2);
require(path.resolve(searchJs));
const S = globalThis.BundSearch;
const RESULTS_SHOWN = 10;
const FETCHED_SNIPPETS = 3;

(async () => {
  for (const query of queries) {
    const folder = path.join(site, lang, "search");
    const files = new Set();
    const load = (name) => {
      files.add(path.join(lang, "search", name));
      return Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));
    };
    const index = S.openIndex(await load("index.json"), load);
    const { terms, hits } = await S.search(index, query);
    const docs = await index.documents(hits.slice(0, RESULTS_SHOWN).map((hit) => hit.doc));
    docs.slice(0, FETCHED_SNIPPETS).forEach((doc) => {
      if (doc.truncated && !S.matchRanges(doc.text, terms).all) {
        const page = path.normalize(path.join(lang, "search", doc.url.split("#")[0], "index.html"));
        files.add(page);
      }
    });
    console.log(JSON.stringify({ query, lang, hits: hits.length, files: Array.from(files).sort() }));
  }
})();
