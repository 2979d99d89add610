/*
 * Bund site search. Runs on the search page (the element with data-search). When the search box
 * first gets focus it loads the entry of the index that the build writes next to the page
 * (./index.json, from Sources/BundSearch/Index/ChunkedIndex.swift); each query then fetches only
 * the term chunks its terms fall in (terms/N.json) and the result shards of the results it lists
 * (docs/N.json), all kept for later queries. No library and no request to another site: only the
 * index and, for snippets further into a long page, that page itself.
 *
 * Tokenizing: the same rules as Sources/BundSearch (TextRuns, EnglishTokenizer, ChineseTokenizer,
 * SearchQuery). Tests/BundSearchTests/Fixtures/tokenizer-cases.json is checked against both, by
 * `swift test` and by scripts/e2e/check_search.py; change both sides together.
 *  1. Text is read by code point. Full-width digits and Latin letters count as ASCII.
 *  2. Ideographs (U+3400-4DBF, U+4E00-9FFF, U+20000-3FFFF, U+F900-FAFF, U+3005, U+3007, kana
 *     U+3040-30FF and U+31F0-31FF, Hangul U+AC00-D7AF) form runs; other letters, marks and numbers
 *     (\p{L}\p{M}\p{N}) form words, in which `.` `,` `+` between two digits stay (`11.1`, `3+6`;
 *     the comma is dropped: `1,700` -> `1700`). Anything else separates.
 *  3. A word is lowercased; stop words and single letters are dropped; ASCII words of four letters
 *     or more lose plural and verb endings (stem()).
 *  4. Documents hold every ideograph and every pair of neighbouring ideographs. A query's run of
 *     ideographs stands for its pairs (or its only ideograph).
 *  5. The last word of a query, when nothing follows it, is still being typed: it matches the terms
 *     that start with it as typed or with its stem, and is left out while a stop word, one letter or
 *     a term the query already holds. Repeated terms count once.
 *
 * Ranking: a document must hold every query term; its score is the sum over the terms of the
 * weights of the fields holding each (title 10, heading 5, body 1, from the index); ties keep the
 * index order (pages, then sections, home pages, glossary entries).
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- tokenizing

  const STOP_WORDS = new Set([
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "more", "most", "no", "not", "of", "on", "or", "other", "our",
    "over", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "up", "was", "we", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "you", "your",
  ]);
  const WORD = /^[\p{L}\p{M}\p{N}]$/u;

  function isIdeograph(cp) {
    return cp === 0x3005 || cp === 0x3007 || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }

  function fold(cp) {
    const fullWidth = (cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a);
    return fullWidth ? cp - 0xfee0 : cp;
  }

  function isDigit(cp) {
    return cp >= 48 && cp <= 57;
  }

  function isWord(cp) {
    return !isIdeograph(cp) && WORD.test(String.fromCodePoint(cp));
  }

  /** Runs of words and of ideographs, each with its UTF-16 start and end in `text`. */
  function runs(text) {
    const points = [];
    const starts = [];
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i);
      points.push(fold(cp));
      starts.push(i);
      i += cp > 0xffff ? 2 : 1;
    }
    starts.push(text.length);
    const out = [];
    let current = "";
    let ideographic = false;
    let start = 0;
    let end = 0;
    let last = -1;
    const finish = () => {
      if (current) out.push({ text: current, ideographic, start, end });
      current = "";
      last = -1;
    };
    for (let k = 0; k < points.length; k++) {
      const cp = points[k];
      const joiner = cp === 46 || cp === 44 || cp === 43;
      if (isIdeograph(cp) || isWord(cp)) {
        if (current && ideographic !== isIdeograph(cp)) finish();
        if (!current) start = starts[k];
        ideographic = isIdeograph(cp);
        current += String.fromCodePoint(cp);
        end = starts[k + 1];
        last = cp;
      } else if (joiner && current && !ideographic && isDigit(last) && k + 1 < points.length && isDigit(points[k + 1])) {
        if (cp !== 44) {
          current += String.fromCodePoint(cp);
          last = cp;
        }
        end = starts[k + 1];
      } else {
        finish();
      }
    }
    finish();
    return out;
  }

  /** Strips plural and verb endings from a lowercase ASCII word (EnglishTokenizer.stem). */
  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    let w = word;
    const ends = (suffix) => w.endsWith(suffix);
    const hasVowel = (part) => /[aeiouy]/.test(part);
    const undouble = () => {
      const n = w.length;
      if (n >= 2 && w[n - 1] === w[n - 2] && !"aeiouylsz".includes(w[n - 1])) w = w.slice(0, -1);
    };
    if (ends("ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (ends("sses") || ends("ches") || ends("shes") || ends("xes") || ends("zzes")) w = w.slice(0, -2);
    else if (ends("s") && !ends("ss") && !ends("us") && !ends("is")) w = w.slice(0, -1);

    if (ends("ing") && w.length - 3 >= 3 && hasVowel(w.slice(0, -3))) {
      w = w.slice(0, -3);
      undouble();
    } else if (ends("ied") && w.length - 3 >= 3) {
      w = w.slice(0, -3) + "y";
    } else if (ends("ed") && !ends("eed") && w.length - 2 >= 3 && hasVowel(w.slice(0, -2))) {
      w = w.slice(0, -2);
      undouble();
    }

    if (ends("e") && w.length > 3) w = w.slice(0, -1);
    return w;
  }

  /** The index term of a word, or null for a stop word or a single letter. */
  function term(word) {
    const lowered = word.toLowerCase();
    if (STOP_WORDS.has(lowered)) return null;
    const points = Array.from(lowered);
    if (points.length === 1 && !isDigit(points[0].codePointAt(0))) return null;
    return stem(lowered);
  }

  function pairs(run) {
    const chars = Array.from(run);
    if (chars.length < 2) return [run];
    const out = [];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  /** The terms of a document's text (ChineseTokenizer.tokens). */
  function documentTokens(text) {
    const out = [];
    for (const run of runs(text)) {
      if (run.ideographic) {
        const chars = Array.from(run.text);
        chars.forEach((c, i) => {
          out.push(c);
          if (i + 1 < chars.length) out.push(c + chars[i + 1]);
        });
      } else {
        const t = term(run.text);
        if (t !== null) out.push(t);
      }
    }
    return out;
  }

  /** The terms of a query (SearchQuery): {text, prefixes}; prefixes only for the word being typed. */
  function parseQuery(text) {
    const all = runs(text);
    const chars = Array.from(text);
    const endsInWord = chars.length > 0 && isWord(fold(chars[chars.length - 1].codePointAt(0)));
    const terms = [];
    const seen = new Set();
    const add = (t) => {
      const key = JSON.stringify(t);
      if (!seen.has(key)) {
        seen.add(key);
        terms.push(t);
      }
    };
    all.forEach((run, i) => {
      if (run.ideographic) {
        for (const pair of pairs(run.text)) add({ text: pair, prefixes: [] });
      } else if (i === all.length - 1 && endsInWord) {
        const typed = run.text.toLowerCase();
        const t = term(typed);
        if (t !== null) add({ text: t, prefixes: typed === t ? [t] : [typed, t] });
      } else {
        const t = term(run.text);
        if (t !== null) add({ text: t, prefixes: [] });
      }
    });
    const exact = new Set(terms.filter((t) => !t.prefixes.length).map((t) => t.text));
    return terms.filter((t) => !t.prefixes.length || !exact.has(t.text));
  }

  // ---------------------------------------------------------------- the index

  const DIGITS = (() => {
    let s = "";
    for (let c = 0x21; c <= 0x7e; c++) if (!"\",\\~".includes(String.fromCharCode(c))) s += String.fromCharCode(c);
    return s;
  })();
  const BASE = 45;
  const DIGIT = new Int16Array(128).fill(-1);
  for (let i = 0; i < DIGITS.length; i++) DIGIT[DIGITS.charCodeAt(i)] = i;
  // A term being typed reads at most this many chunks per prefix (the one holding the prefix first).
  const PREFIX_CHUNKS = 4;

  /** Orders strings by code point, as the index sorts its terms (JS `<` compares UTF-16 units). */
  function compare(a, b) {
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      const x = a.codePointAt(i);
      const y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  /** Front-coded terms (IndexEncoding.swift): a letter A-Z for the UTF-16 units shared, then the rest. */
  function decodeTerms(text) {
    const names = [];
    let previous = "";
    for (let i = 0; i < text.length;) {
      const shared = text.charCodeAt(i) - 65;
      let j = i + 1;
      while (j < text.length && !(text.charCodeAt(j) >= 65 && text.charCodeAt(j) <= 90)) j++;
      previous = previous.slice(0, shared) + text.slice(i + 1, j);
      names.push(previous);
      i = j;
    }
    return names;
  }

  /**
   * One posting list: base-45 numbers `gap * 7 + fields - 1` -> {docs, fields}, typed arrays of the
   * documents (ascending) and their field bits. A number takes at least one character, so the list's
   * length bounds the count: no Map and no object per posting.
   */
  function decodePostings(list) {
    const docs = new Int32Array(list.length);
    const fields = new Uint8Array(list.length);
    let count = 0;
    let doc = -1;
    let value = 0;
    for (let p = 0; p < list.length; p++) {
      const d = DIGIT[list.charCodeAt(p)];
      if (d >= BASE) {
        value = value * BASE + d - BASE;
      } else {
        value = value * BASE + d;
        doc += Math.floor(value / 7) + 1;
        docs[count] = doc;
        fields[count] = (value % 7) + 1;
        count++;
        value = 0;
      }
    }
    return { docs: docs.subarray(0, count), fields: fields.subarray(0, count) };
  }

  /**
   * The chunked index (ChunkedIndex.swift) from its entry file: term chunks and result shards are
   * fetched when a query first needs them and kept. `load(path)` returns a promise of parsed JSON.
   */
  function openIndex(entry, load) {
    const firsts = decodeTerms(entry.chunks);
    const chunks = new Map();
    const shards = new Map();
    // Decoded posting lists by term: typing a word runs its prefixes again and again.
    const decoded = new Map();
    const postingsOf = (name, list) => {
      if (!decoded.has(name)) decoded.set(name, decodePostings(list));
      return decoded.get(name);
    };

    /** The chunk that would hold `term`: the last whose first term is not after it, or -1. */
    function chunkOf(term) {
      let low = 0;
      let high = firsts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compare(term, firsts[middle]) < 0) high = middle;
        else low = middle + 1;
      }
      return low - 1;
    }

    function chunk(number) {
      if (!chunks.has(number)) {
        chunks.set(number, load("terms/" + number + ".json").then((data) => {
          const names = decodeTerms(data.terms);
          const lists = data.postings.split(",");
          const terms = new Map();
          names.forEach((name, k) => terms.set(name, lists[k] || ""));
          return terms;
        }));
      }
      return chunks.get(number);
    }

    /** The chunks a query term needs: the one holding it, or for a prefix the ones its range spans. */
    function chunksFor(t) {
      const numbers = new Set();
      for (const p of t.prefixes.length ? t.prefixes : [t.text]) {
        let at = Math.max(0, chunkOf(p));
        if (!firsts.length) break;
        numbers.add(at);
        if (!t.prefixes.length) continue;
        for (let n = 1; n < PREFIX_CHUNKS && at + 1 < firsts.length && firsts[at + 1].startsWith(p); n++) numbers.add(++at);
      }
      return Array.from(numbers);
    }

    /** The chunks of one query term, fetched (or already in). */
    function chunksOf(t) {
      return Promise.all(chunksFor(t).map(chunk));
    }

    /**
     * The field bits of one query term in every document, from its chunks (`chunksOf`): a
     * Uint8Array indexed by document, 0 where the term is not (a prefix gathers every term it starts).
     */
    function fieldsIn(t, loaded) {
      const found = new Uint8Array(entry.docs);
      const add = (name, list) => {
        const { docs, fields } = postingsOf(name, list);
        for (let k = 0; k < docs.length; k++) found[docs[k]] |= fields[k];
      };
      for (const terms of loaded) {
        if (!t.prefixes.length) {
          if (terms.has(t.text)) {
            add(t.text, terms.get(t.text));
            break;
          }
          continue;
        }
        for (const [name, list] of terms) if (t.prefixes.some((p) => name.startsWith(p))) add(name, list);
      }
      return found;
    }

    /** Document -> field bits for one query term, as a Map (for scripts and checks). */
    async function fieldsFor(t) {
      const found = fieldsIn(t, await chunksOf(t));
      const out = new Map();
      found.forEach((f, d) => { if (f) out.set(d, f); });
      return out;
    }

    /**
     * The result data of documents, one promise each, all shards requested at once:
     * {url, title, section, text, truncated}.
     */
    function documentEach(numbers) {
      const size = entry.shard;
      return numbers.map((n) => {
        const shard = Math.floor(n / size);
        if (!shards.has(shard)) {
          shards.set(shard, load("docs/" + shard + ".json").then((data) => data.docs.map(([url, title, section, text, truncated]) => ({
            url, title, section: entry.sections[section] || "", text, truncated: truncated === 1,
          }))));
        }
        return shards.get(shard).then((docs) => docs[n % size]);
      });
    }

    /** The result data of documents (fetching their shards): [{url, title, section, text, truncated}]. */
    function documents(numbers) {
      return Promise.all(documentEach(numbers));
    }

    return { count: entry.docs, weights: entry.weights, chunkOf, chunksOf, fieldsIn, fieldsFor, documents, documentEach };
  }

  /**
   * Ranked hits for a query: {terms, hits: [{doc, score}]} (SearchIndex.search), fetching the chunks
   * it needs. `stale()`, when given, is asked once the chunks are in: a query typed over since then
   * is dropped (null) before any decoding, so a fast typist's earlier prefixes cost no work.
   */
  async function search(index, text, stale) {
    const terms = parseQuery(text);
    if (!terms.length) return { terms, hits: [] };
    const [title, heading, body] = index.weights;
    const weight = [0];
    for (let f = 1; f < 8; f++) weight.push((f & 4 ? title : 0) + (f & 2 ? heading : 0) + (f & 1 ? body : 0));
    const loaded = await Promise.all(terms.map((t) => index.chunksOf(t)));
    if (stale && stale()) return null;
    const scores = new Int32Array(index.count);
    const alive = new Uint8Array(index.count).fill(1);
    terms.forEach((t, k) => {
      const fields = index.fieldsIn(t, loaded[k]);
      for (let d = 0; d < fields.length; d++) {
        if (!fields[d]) alive[d] = 0;
        else scores[d] += weight[fields[d]];
      }
    });
    const hits = [];
    for (let d = 0; d < alive.length; d++) if (alive[d]) hits.push({ doc: d, score: scores[d] });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { terms, hits };
  }

  // ---------------------------------------------------------------- snippets

  /**
   * Where the query terms occur in `text`: `ranges`, UTF-16 [start, end) merged and in order, and
   * `all`, whether every term occurs.
   */
  function matchRanges(text, terms) {
    const found = [];
    const seen = new Set();
    terms.forEach((t, i) => {
      if (!isIdeograph(t.text.codePointAt(0))) return;
      for (const run of runs(text)) {
        if (!run.ideographic) continue;
        for (let at = run.text.indexOf(t.text); at >= 0; at = run.text.indexOf(t.text, at + 1)) {
          found.push([run.start + at, run.start + at + t.text.length]);
          seen.add(i);
        }
      }
    });
    for (const run of runs(text)) {
      if (run.ideographic) continue;
      const w = term(run.text);
      if (w === null) continue;
      terms.forEach((t, i) => {
        if (t.prefixes.length ? t.prefixes.some((p) => w.startsWith(p)) : t.text === w) {
          found.push([run.start, run.end]);
          seen.add(i);
        }
      });
    }
    found.sort((a, b) => a[0] - b[0]);
    const ranges = [];
    for (const r of found) {
      const top = ranges[ranges.length - 1];
      if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
      else ranges.push([r[0], r[1]]);
    }
    return { ranges, all: seen.size === terms.length };
  }

  // Punctuation after which a snippet may end or start (`.` and `,` too, when no digit follows).
  const BREAK = /[\s，。；：、！？）」』》”;:!?)]/u;
  const GLUED = /[\p{L}\p{N}.,%+]/u;

  /** Whether a cut between text[at - 1] and text[at] would split a word or a figure (`超17|00亿元`). */
  function inside(text, at) {
    const glued = (ch) => ch !== undefined && GLUED.test(ch) && !isIdeograph(ch.codePointAt(0));
    return at > 0 && at < text.length && glued(text[at - 1]) && glued(text[at]);
  }

  /** Whether a snippet may end after text[at] (and start after it). */
  function breaksAfter(text, at) {
    const ch = text[at];
    if (ch === "." || ch === ",") return !isDigit(text.charCodeAt(at + 1));
    return BREAK.test(ch);
  }

  /**
   * The window of `text` to show, about `width` code units: it starts a little before the match
   * whose neighbourhood holds the most matched text (a whole phrase beats a lone pair), and its ends
   * move to punctuation or a space nearby, never inside a number, a figure or a word.
   */
  function snippetWindow(text, ranges, width) {
    let best = ranges.length ? ranges[0] : null;
    let bestScore = -1;
    for (const r of ranges) {
      let score = 0;
      for (const o of ranges) if (o[0] >= r[0] && o[0] < r[0] + (2 * width) / 3) score += Math.min(o[1], r[0] + width) - o[0];
      if (score > bestScore) {
        bestScore = score;
        best = r;
      }
    }
    let start = best ? Math.max(0, best[0] - Math.floor(width / 3)) : 0;
    let end = Math.min(text.length, start + width);
    if (end === text.length) start = Math.max(0, Math.min(start, end - width));
    const firstStart = best ? best[0] : text.length;
    const firstEnd = best ? best[1] : 0;
    if (start > 0) {
      let k = start;
      while (k < firstStart && k - start < 20 && !breaksAfter(text, k)) k++;
      if (k < firstStart && k - start < 20) start = k + 1;
      else {
        while (start < firstStart && inside(text, start)) start++;
        while (start > 0 && inside(text, start)) start--;
      }
      while (start < firstStart && /\s/.test(text[start])) start++;
    }
    if (end < text.length) {
      let k = end - 1;
      while (k >= firstEnd && end - k <= 20 && !breaksAfter(text, k)) k--;
      if (k >= firstEnd && end - k <= 20) end = /\s/.test(text[k]) ? k : k + 1;
      else {
        while (end > firstEnd && inside(text, end)) end--;
        while (end < text.length && inside(text, end)) end++;
      }
    }
    if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start++;
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end--;
    return { start, end };
  }

  /** Appends text[start, end) to `parent`, the parts inside `ranges` in <mark>. */
  function appendMarked(parent, text, ranges, start, end) {
    let at = start;
    for (const [a, b] of ranges) {
      const from = Math.max(a, start);
      const to = Math.min(b, end);
      if (to <= from) continue;
      if (from > at) parent.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      parent.append(mark);
      at = to;
    }
    if (at < end) parent.append(text.slice(at, end));
  }

  /** Fills `p` with the snippet of `text`; true when every query term occurs in `text`. */
  function fillSnippet(p, text, terms, width, truncated) {
    const { ranges, all } = matchRanges(text, terms);
    const { start, end } = snippetWindow(text, ranges, width);
    p.replaceChildren();
    if (start > 0) p.append("… ");
    appendMarked(p, text, ranges, start, end);
    if (end < text.length || truncated) p.append(" …");
    return all;
  }

  /** The plain text of a page of the site, fetched once (for snippets beyond the indexed start). */
  const pageTexts = new Map();
  function pageText(url) {
    const bare = url.split("#")[0];
    if (!pageTexts.has(bare)) {
      const loaded = fetch(new URL(bare, document.baseURI))
        .then((response) => (response.ok ? response.text() : null))
        .then((html) => {
          if (html === null) return null;
          const doc = new DOMParser().parseFromString(html, "text/html");
          const body = doc.querySelector("main .prose, main .lede") || doc.querySelector("main");
          if (!body) return null;
          const blocks = "p, li, h1, h2, h3, h4, h5, h6, dt, dd, th, td, caption, figcaption, blockquote, pre, div";
          for (const block of body.querySelectorAll(blocks)) block.append(" ");
          return body.textContent.replace(/\s+/g, " ").trim();
        })
        .catch(() => null);
      pageTexts.set(bare, loaded);
    }
    return pageTexts.get(bare);
  }

  // ---------------------------------------------------------------- the page
  //
  // The entry file loads when the box first gets focus (or at once for a query in the address).
  // Results render on every input event (no delay) once the chunks of the query's terms are in (a
  // query typed over meanwhile is dropped undecoded); the first RESULTS_SHOWN are listed, each as
  // soon as its shard and those before it are in, and a button lists the next ones. The count
  // reaches the live region once typing pauses. Arrow keys move between the result links (one tab
  // stop, roving tabindex), Enter in the box moves to the first result, Escape goes back to the box.
  // The root gets data-search-ready (or data-search-failed) once the entry is loaded, for
  // scripts/e2e/check_search.py.

  const RESULTS_SHOWN = 10;
  // Snippets of the first results may come from the page itself when its stored start does not hold the query.
  const FETCHED_SNIPPETS = 3;

  function init() {
    const root = document.querySelector("[data-search]");
    if (!root) return;
    const form = root.querySelector("form");
    const input = root.querySelector("input[name=q]");
    const status = root.querySelector("[data-search-status]");
    const list = root.querySelector("[data-search-results]");
    const more = root.querySelector("[data-search-more]");
    if (!form || !input || !status || !list) return;
    // Opened from disk (a portable copy): browsers load no index files there, so say so plainly
    // and leave the sections to browse.
    for (const el of root.querySelectorAll("[data-search-nojs]")) el.hidden = true;
    if (location.protocol === "file:") {
      status.textContent = root.getAttribute("data-msg-file") || "";
      input.disabled = true;
      return;
    }
    for (const el of root.querySelectorAll("[data-search-js]")) el.hidden = false;
    const chinese = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
    const width = chinese ? 90 : 180;
    let index = null;
    let failed = false;
    let generation = 0;
    let loading = null;
    // The hits of the query shown, and how many of them are listed.
    let listing = { hits: [], terms: [], listed: 0 };

    // split/join, not String.replace: `$&` in a query would be read as a replacement pattern.
    const fill = (text, name, value) => text.split(name).join(value);
    const message = (name, n, q) => fill(fill(root.getAttribute("data-msg-" + name) || "", "{n}", String(n)), "{q}", q);

    function focusLink(link) {
      for (const other of list.querySelectorAll("a")) other.tabIndex = other === link ? 0 : -1;
      link.focus();
    }

    function resultItem(doc, terms, position, current) {
      const item = document.createElement("li");
      item.className = "search-result";
      const link = document.createElement("a");
      link.className = "search-result-link";
      link.href = doc.url;
      link.tabIndex = position === 0 ? 0 : -1;
      appendMarked(link, doc.title, matchRanges(doc.title, terms).ranges, 0, doc.title.length);
      const heading = document.createElement("h2");
      heading.className = "search-result-title";
      heading.append(link);
      item.append(heading);
      if (doc.section) {
        const section = document.createElement("p");
        section.className = "search-result-section";
        section.textContent = doc.section;
        item.append(section);
      }
      const snippet = document.createElement("p");
      snippet.className = "search-result-snippet";
      snippet.id = "search-snippet-" + position;
      link.setAttribute("aria-describedby", snippet.id);
      const complete = fillSnippet(snippet, doc.text, terms, width, doc.truncated);
      item.append(snippet);
      // The index keeps only the start of each text: look further in the page itself.
      if (!complete && doc.truncated && position < FETCHED_SNIPPETS) {
        pageText(doc.url).then((text) => {
          if (text && current === generation && snippet.isConnected) {
            const copy = document.createElement("p");
            fillSnippet(copy, text, terms, width, false);
            if (copy.querySelector("mark")) snippet.replaceChildren(...copy.childNodes);
          }
        });
      }
      return item;
    }

    // The count goes to the live region once typing pauses, so screen readers are not flooded.
    let announceTimer = 0;
    function announce(text, now) {
      clearTimeout(announceTimer);
      if (now) status.textContent = text;
      else announceTimer = setTimeout(() => { status.textContent = text; }, 350);
    }

    /** Loads the entry file once; later calls share the same promise. */
    function load() {
      if (!loading) {
        const base = new URL(root.getAttribute("data-index") || "index.json", document.baseURI);
        const json = (path) => fetch(new URL(path, base)).then((response) => {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        });
        loading = json(base.href)
          .then((entry) => {
            index = openIndex(entry, json);
            root.setAttribute("data-search-ready", "");
            run();
          })
          .catch(() => {
            failed = true;
            root.setAttribute("data-search-failed", "");
            run();
          });
      }
      return loading;
    }

    /**
     * Lists the next RESULTS_SHOWN hits of the current query, fetching their shards all at once and
     * showing each result, in order, as soon as it and those before it are in: the first result
     * does not wait for the slowest shard.
     */
    async function listMore(generationAtStart) {
      const { hits, terms, listed } = listing;
      const next = hits.slice(listed, listed + RESULTS_SHOWN);
      const pending = index.documentEach(next.map((hit) => hit.doc));
      for (let k = 0; k < pending.length; k++) {
        const doc = await pending[k];
        if (generationAtStart !== generation) return;
        const item = resultItem(doc, terms, listed + k, generationAtStart);
        if (listed === 0 && k === 0) {
          list.replaceChildren(item);
          list.hidden = false;
        } else {
          list.append(item);
        }
      }
      listing.listed = listed + next.length;
      list.hidden = hits.length === 0;
      if (more) more.hidden = listing.listed >= hits.length;
    }

    async function run() {
      const query = input.value;
      const shown = query.trim();
      generation += 1;
      const mine = generation;
      list.setAttribute("data-query", shown);
      if (!shown) {
        list.replaceChildren();
        list.hidden = true;
        if (more) more.hidden = true;
        announce("", true);
        return;
      }
      if (!index) {
        announce(failed ? message("error", 0, shown) : message("loading", 0, shown), true);
        if (!failed) load();
        return;
      }
      try {
        const found = await search(index, query, () => mine !== generation);
        if (!found || mine !== generation) return;
        const { terms, hits } = found;
        listing = { hits, terms, listed: 0 };
        if (hits.length) await listMore(mine);
        else {
          list.replaceChildren();
          list.hidden = true;
          if (more) more.hidden = true;
        }
        if (mine !== generation) return;
        const name = hits.length === 0 ? "none" : hits.length === 1 ? "one" : "many";
        announce(message(name, hits.length, shown), false);
      } catch (error) {
        if (mine === generation) announce(message("error", 0, shown), true);
      }
    }

    // The query goes into the address (for reloads and shared links) once typing pauses.
    let rememberTimer = 0;
    function remember() {
      clearTimeout(rememberTimer);
      rememberTimer = setTimeout(() => {
        const url = new URL(window.location.href);
        if (input.value.trim()) url.searchParams.set("q", input.value.trim());
        else url.searchParams.delete("q");
        window.history.replaceState(null, "", url);
      }, 400);
    }

    input.addEventListener("focus", load);
    if (more) {
      more.addEventListener("click", () => {
        if (more.disabled) return;
        more.disabled = true;
        const first = listing.listed;
        listMore(generation).then(() => {
          const link = list.querySelectorAll("a")[first];
          if (link) focusLink(link);
        }).finally(() => { more.disabled = false; });
      });
    }
    input.addEventListener("input", (event) => {
      if (event.isComposing) return;
      run();
      remember();
    });
    input.addEventListener("compositionend", () => {
      run();
      remember();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" || event.isComposing) return;
      const first = list.querySelector("a[tabindex='0']") || list.querySelector("a");
      if (!first) return;
      event.preventDefault();
      focusLink(first);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      remember();
      const focusFirst = () => {
        const first = list.querySelector("a");
        if (first) focusLink(first);
      };
      // The results of this very query are listed already: no need to wait for another run.
      if (list.querySelector("a") && list.getAttribute("data-query") === input.value.trim()) focusFirst();
      else run().then(focusFirst);
    });
    list.addEventListener("keydown", (event) => {
      const links = Array.from(list.querySelectorAll("a"));
      const at = links.indexOf(document.activeElement);
      if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      let target = null;
      switch (event.key) {
        case "ArrowDown": target = links[Math.min(at + 1, links.length - 1)]; break;
        case "ArrowUp": target = at === 0 ? input : links[at - 1]; break;
        case "Home": target = links[0]; break;
        case "End": target = links[links.length - 1]; break;
        case "Escape": target = input; break;
        default:
          if (event.key.length === 1 && event.key !== " ") input.focus();
          return;
      }
      event.preventDefault();
      if (target === input) input.focus();
      else focusLink(target);
    });

    const initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      load();
    }
    if (document.activeElement === input) load();
    run();
  }

  // The tokenizer and ranking, for the parity checks in scripts/e2e/check_search.py.
  globalThis.BundSearch = {
    runs, stem, term, documentTokens, parseQuery, compare, decodeTerms, decodePostings, openIndex, search, matchRanges,
    snippetWindow,
  };
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})();
