/* sitrep search widget: add <div data-sitrep="SERVER-URL"></div> and this script to a page.
 *
 * Plain ES2017, no framework, no outside resources. Every piece of article text is inserted as
 * text (textContent / createTextNode); the only markup taken from the server is the <mark> of a
 * snippet, and even that is rebuilt here: the snippet is split on the literal <mark> and </mark>
 * markers, and every other piece is un-escaped and inserted as text, so no other tag can appear.
 *
 * Options (attributes of the div):
 *   data-sitrep="URL"        the server, e.g. "https://search.example.org"; "" = this page's origin
 *   data-sitrep-query="..."  the query shown first (default: empty = every article)
 *   data-sitrep-size="10"    hits per page (1-100)
 *   data-sitrep-sort="relevance|newest|oldest"
 *   data-sitrep-hash         keep the search in the page's URL hash (back button, shareable links)
 * The script adds its stylesheet (widget.css beside it) unless the page already links it or the
 * script tag says data-sitrep-css="none". window.Sitrep.init(element) starts a widget added later.
 *
 * The map beside the facets draws the place facet of the whole match set (/geo) as points sized
 * by count, on country outlines from the server's /world.json (Natural Earth, built into
 * sitrep-serve; a graticule when the server has none), and the border lines of a near-border
 * query. It is SVG built with DOM calls, like everything else here: no outside requests.
 */
(function () {
  'use strict';

  var VERSION = '1';
  // The facets in the order answers show them, from sitrep-serve's facet registry
  // (shared/src/facets.cpp): the server writes them in place of the empty list when it serves this
  // file. Each: name, drill_down, on_hits, label (a filter chip's), heading (the sidebar's, "" when
  // not there), hit_chip (a hit's values are chips).
  var FACET_TABLE = /*sitrep:facets*/[];
  function facetNames(keep) {
    return FACET_TABLE.filter(keep).map(function (f) { return f.name; });
  }
  var FACETS = facetNames(function (f) { return f.heading; });
  var FACET_LABELS = {};
  var FACET_HEADINGS = {};
  FACET_TABLE.forEach(function (f) {
    if (f.label) FACET_LABELS[f.name] = f.label;
    if (f.heading) FACET_HEADINGS[f.name] = f.heading;
  });
  var HIT_ENTITIES = facetNames(function (f) { return f.hit_chip; });
  var FACET_NAMES = facetNames(function (f) { return f.drill_down; });
  var SORTS = [['relevance', 'Relevance'], ['newest', 'Newest first'], ['oldest', 'Oldest first']];
  var BY = [['published', 'publication date'], ['event', 'dates named in the text']];

  // The stylesheet beside this script; document.currentScript is only set while the script runs.
  var script = document.currentScript;
  var cssHref = null;
  if (script && script.src && script.getAttribute('data-sitrep-css') !== 'none') {
    try { cssHref = new URL('widget.css', script.src).href; } catch (e) { cssHref = null; }
  }

  function addStylesheet() {
    if (!cssHref) return;
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (links[i].href === cssHref) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = cssHref;
    (document.head || document.documentElement).appendChild(link);
  }

  // --- DOM helpers: text only ------------------------------------------------------------------

  // el('li', {class: 'x', 'aria-label': '...'}, child, 'text', ...): attributes by setAttribute,
  // children as nodes or text nodes.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k === 'hidden') node.hidden = !!v;
        else if (k === 'disabled') node.disabled = !!v;
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else if (typeof child === 'string' || typeof child === 'number') node.appendChild(document.createTextNode(String(child)));
    else node.appendChild(child);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  var NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

  // Un-escapes the entities an HTML-escaped snippet can hold; anything else stays as written.
  function decodeEntities(s) {
    return String(s).replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, function (m, body) {
      if (body[0] === '#') {
        var code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
        return m;
      }
      return Object.prototype.hasOwnProperty.call(NAMED, body) ? NAMED[body] : m;
    });
  }

  // The snippet as nodes: text nodes and <mark> elements holding text nodes. Only the literal
  // markers <mark> and </mark> become elements; every other character is text.
  function snippetNodes(snippet) {
    var out = [];
    var inMark = false;
    String(snippet || '').split(/(<mark>|<\/mark>)/).forEach(function (piece) {
      if (piece === '<mark>') { inMark = true; return; }
      if (piece === '</mark>') { inMark = false; return; }
      if (!piece) return;
      var text = document.createTextNode(decodeEntities(piece));
      if (inMark) {
        var m = document.createElement('mark');
        m.appendChild(text);
        out.push(m);
      } else {
        out.push(text);
      }
    });
    return out;
  }

  // Only absolute http(s) links from article data become links (no javascript: or data: URLs).
  function safeUrl(url) {
    if (!url || typeof url !== 'string') return null;
    try {
      var u = new URL(url); // absolute URLs only
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function plural(n, one, many) {
    return n.toLocaleString('en') + ' ' + (n === 1 ? one : many);
  }

  // --- the widget ------------------------------------------------------------------------------

  var counter = 0;
  var widgets = typeof WeakMap === 'function' ? new WeakMap() : null;

  function Widget(root) {
    this.root = root;
    this.base = (root.getAttribute('data-sitrep') || '').replace(/\/+$/, '');
    this.id = 'sitrep-' + (++counter);
    this.useHash = root.hasAttribute('data-sitrep-hash') && root.getAttribute('data-sitrep-hash') !== 'off';
    var size = parseInt(root.getAttribute('data-sitrep-size') || '10', 10);
    this.state = {
      q: root.getAttribute('data-sitrep-query') || '',
      sort: root.getAttribute('data-sitrep-sort') || 'relevance',
      by: 'published',
      page: 1,
      size: size >= 1 && size <= 100 ? size : 10,
      filters: [] // {facet, id, name}
    };
    this.names = {}; // "facet:id" -> display name, from the answers seen
    this.world = null; // the promise of /world.json (the map's outlines), fetched once
    this.seq = 0;
    this.controller = null;
    this.build();
    if (this.useHash) {
      this.readHash();
      var self = this;
      window.addEventListener('popstate', function () { self.readHash(); self.search(false); });
    }
    this.search(false);
  }

  Widget.prototype.build = function () {
    var self = this;
    var id = this.id;
    var root = this.root;
    clear(root);
    root.classList.add('sitrep');

    this.input = el('input', {
      type: 'search', id: id + '-q', name: 'q', class: 'sitrep-input', autocomplete: 'off', spellcheck: 'false',
      placeholder: 'e.g. Hezbollah deployments near Lebanese border after 2024-11-27',
      'aria-describedby': id + '-help'
    });
    this.input.value = this.state.q;
    this.sortSelect = el('select', { id: id + '-sort', class: 'sitrep-select' },
      SORTS.map(function (s) { return el('option', { value: s[0], text: s[1] }); }));
    this.sortSelect.value = this.state.sort;
    this.bySelect = el('select', { id: id + '-by', class: 'sitrep-select' },
      BY.map(function (s) { return el('option', { value: s[0], text: s[1] }); }));

    this.form = el('form', { class: 'sitrep-form', role: 'search', 'aria-label': 'Search the archive' },
      el('label', { for: id + '-q', class: 'sitrep-label', text: 'Search the archive' }),
      el('div', { class: 'sitrep-searchrow' },
        this.input,
        el('button', { type: 'submit', class: 'sitrep-button sitrep-submit', text: 'Search' })),
      el('p', { id: id + '-help', class: 'sitrep-help',
        text: 'Words, names, places and dates: "near X", "after 2024-11-27", actor:Hezbollah, "exact phrase", -excluded.' }),
      el('div', { class: 'sitrep-options' },
        el('span', { class: 'sitrep-option' },
          el('label', { for: id + '-sort', text: 'Sort by' }), this.sortSelect),
        el('span', { class: 'sitrep-option' },
          el('label', { for: id + '-by', text: 'Timeline of' }), this.bySelect)));

    this.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var q = self.input.value.trim();
      if (q !== self.state.q) self.state.filters = [];
      self.state.q = q;
      self.state.page = 1;
      self.search(true);
    });
    this.sortSelect.addEventListener('change', function () {
      self.state.sort = self.sortSelect.value;
      self.state.page = 1;
      self.search(true);
    });
    this.bySelect.addEventListener('change', function () {
      self.state.by = self.bySelect.value;
      self.search(true);
    });

    this.status = el('p', { id: id + '-status', class: 'sitrep-status', role: 'status', 'aria-live': 'polite',
      'aria-atomic': 'true', tabindex: '-1' });
    this.error = el('div', { class: 'sitrep-error', role: 'alert', hidden: true });
    this.reading = el('div', { class: 'sitrep-reading', hidden: true });
    this.filterBar = el('div', { class: 'sitrep-filters', hidden: true });
    this.facetPanel = el('div', { class: 'sitrep-facets', role: 'region', 'aria-label': 'Refine the results' });
    this.map = el('figure', { class: 'sitrep-map', hidden: true });
    this.histogram = el('figure', { class: 'sitrep-histogram', hidden: true });
    this.results = el('ol', { class: 'sitrep-results', 'aria-labelledby': id + '-status' });
    this.pager = el('nav', { class: 'sitrep-pager', 'aria-label': 'Result pages', hidden: true });
    // The current search as an Atom feed (newest first), for a feed reader.
    this.feedLink = el('a', { class: 'sitrep-feed', rel: 'alternate', type: 'application/atom+xml',
      text: 'Feed of this search', title: 'Subscribe to this search in a feed reader (Atom)', hidden: true });

    append(root, [
      this.form,
      this.error,
      this.reading,
      this.filterBar,
      el('div', { class: 'sitrep-body' },
        el('div', { class: 'sitrep-main' }, this.status, this.feedLink, this.histogram, this.results, this.pager),
        el('div', { class: 'sitrep-side' }, this.map, this.facetPanel))
    ]);
  };

  // --- state <-> URL hash (only with data-sitrep-hash) -------------------------------------------

  Widget.prototype.readHash = function () {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var st = this.state;
    st.q = p.get('q') || '';
    st.sort = ['relevance', 'newest', 'oldest'].indexOf(p.get('sort')) >= 0 ? p.get('sort') : 'relevance';
    st.by = p.get('by') === 'event' ? 'event' : 'published';
    st.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
    st.filters = p.getAll('facet').map(function (f) {
      var i = f.indexOf(':');
      return i > 0 ? { facet: f.slice(0, i), id: f.slice(i + 1) } : null;
    }).filter(function (f) { return f && FACET_NAMES.indexOf(f.facet) >= 0 && f.id; });
    this.input.value = st.q;
    this.sortSelect.value = st.sort;
    this.bySelect.value = st.by;
  };

  Widget.prototype.writeHash = function () {
    var st = this.state;
    var p = new URLSearchParams();
    if (st.q) p.set('q', st.q);
    st.filters.forEach(function (f) { p.append('facet', f.facet + ':' + f.id); });
    if (st.sort !== 'relevance') p.set('sort', st.sort);
    if (st.by !== 'published') p.set('by', st.by);
    if (st.page > 1) p.set('page', String(st.page));
    var h = p.toString();
    if (h !== location.hash.replace(/^#/, '')) history.pushState(null, '', h ? '#' + h : location.pathname + location.search);
  };

  // --- requests -------------------------------------------------------------------------------

  Widget.prototype.url = function (path, params) {
    var qs = params ? params.toString() : '';
    return this.base + path + (qs ? '?' + qs : '');
  };

  Widget.prototype.fetchJson = function (url, signal) {
    return fetch(url, { signal: signal, credentials: 'omit' }).then(function (res) {
      return res.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
        if (!res.ok) {
          var msg = data && data.error && data.error.message ? data.error.message : 'the server answered ' + res.status;
          var err = new Error(msg);
          err.status = res.status;
          throw err;
        }
        if (!data || typeof data !== 'object') throw new Error('the server did not answer with JSON');
        return data;
      });
    });
  };

  // Runs the current state's search; `push` records it in the hash. Older answers are dropped.
  Widget.prototype.search = function (push, focusStatus) {
    var self = this;
    var st = this.state;
    if (push && this.useHash) this.writeHash();
    var params = new URLSearchParams();
    params.set('q', st.q);
    st.filters.forEach(function (f) { params.append('facet', f.facet + ':' + f.id); });
    params.set('sort', st.sort);
    params.set('page', String(st.page));
    params.set('size', String(st.size));
    params.set('histogram', 'auto');
    params.set('histogram_by', st.by);

    var feed = new URLSearchParams();
    feed.set('q', st.q);
    st.filters.forEach(function (f) { feed.append('facet', f.facet + ':' + f.id); });
    this.feedLink.href = this.url('/feed.atom', feed);
    this.feedLink.hidden = false;

    if (this.controller) this.controller.abort();
    this.controller = typeof AbortController === 'function' ? new AbortController() : null;
    var seq = ++this.seq;
    this.root.classList.add('sitrep-loading');
    this.results.setAttribute('aria-busy', 'true');
    this.renderFilters();
    this.loadMap(feed, seq);
    return this.fetchJson(this.url('/search', params), this.controller && this.controller.signal)
      .then(function (data) {
        if (seq !== self.seq) return;
        self.showError(null);
        self.render(data);
        if (focusStatus) self.status.focus();
      }, function (err) {
        if (seq !== self.seq || (err && err.name === 'AbortError')) return;
        self.showError(err);
      })
      .then(function () {
        if (seq !== self.seq) return;
        self.root.classList.remove('sitrep-loading');
        self.results.removeAttribute('aria-busy');
      });
  };

  Widget.prototype.showError = function (err) {
    clear(this.error);
    if (!err) { this.error.hidden = true; return; }
    var msg = err.status ? err.message : 'The search server could not be reached (' + (err.message || 'network error') + ').';
    append(this.error, [el('strong', { text: 'Search failed: ' }), msg]);
    this.error.hidden = false;
    this.status.textContent = '';
  };

  // --- filters --------------------------------------------------------------------------------

  Widget.prototype.hasFilter = function (facet, id) {
    return this.state.filters.some(function (f) { return f.facet === facet && f.id === id; });
  };

  Widget.prototype.toggleFilter = function (facet, id, name) {
    var st = this.state;
    if (this.hasFilter(facet, id)) {
      st.filters = st.filters.filter(function (f) { return !(f.facet === facet && f.id === id); });
    } else {
      st.filters = st.filters.concat([{ facet: facet, id: id, name: name }]);
    }
    if (name) this.names[facet + ':' + id] = name;
    st.page = 1;
    this.search(true, true);
  };

  Widget.prototype.filterName = function (f) {
    return f.name || this.names[f.facet + ':' + f.id] || f.id;
  };

  Widget.prototype.renderFilters = function () {
    var self = this;
    var bar = this.filterBar;
    clear(bar);
    var filters = this.state.filters;
    bar.hidden = filters.length === 0;
    if (!filters.length) return;
    var list = el('ul', { class: 'sitrep-chiplist' });
    filters.forEach(function (f) {
      var label = (FACET_LABELS[f.facet] || f.facet) + ': ' + self.filterName(f);
      var b = el('button', { type: 'button', class: 'sitrep-chip sitrep-chip-filter sitrep-chip-' + f.facet,
        'aria-label': 'Remove filter ' + label, title: 'Remove this filter' },
        el('span', { text: label }), el('span', { class: 'sitrep-x', 'aria-hidden': 'true', text: '\u00d7' }));
      b.addEventListener('click', function () { self.toggleFilter(f.facet, f.id); });
      list.appendChild(el('li', null, b));
    });
    append(bar, [el('span', { class: 'sitrep-filters-label', text: 'Filters:' }), list]);
    if (filters.length > 1) {
      var all = el('button', { type: 'button', class: 'sitrep-linkbutton', text: 'Clear all filters' });
      all.addEventListener('click', function () {
        self.state.filters = [];
        self.state.page = 1;
        self.search(true, true);
      });
      bar.appendChild(all);
    }
  };

  // --- rendering an answer --------------------------------------------------------------------

  Widget.prototype.render = function (data) {
    var self = this;
    var facets = data.facets || {};
    FACET_NAMES.forEach(function (name) {
      (facets[name] || []).forEach(function (v) { if (v && v.id) self.names[name + ':' + v.id] = v.name || v.id; });
    });
    this.renderFilters();
    this.renderStatus(data);
    this.renderReading(data);
    this.renderHistogram(data.histogram);
    this.renderHits(data.hits || []);
    this.renderPager(data);
    this.renderFacets(facets);
  };

  Widget.prototype.renderStatus = function (data) {
    var total = Number(data.total) || 0;
    var hits = data.hits || [];
    var text;
    if (!total) {
      text = 'No articles match.';
    } else {
      var page = Number(data.page) || this.state.page;
      var size = Number(data.size) || this.state.size;
      var first = (page - 1) * size + 1;
      text = plural(total, 'article', 'articles') + (data.relaxed ? ' match part of the query' : '') +
        (hits.length ? '; showing ' + first + '\u2013' + (first + hits.length - 1) : '') + '.';
    }
    this.status.textContent = text;
  };

  Widget.prototype.renderReading = function (data) {
    var self = this;
    var box = this.reading;
    clear(box);
    var interp = data.interpretation || {};
    var parts = [];
    if (interp.summary) {
      parts.push(el('p', { class: 'sitrep-summary' },
        el('span', { class: 'sitrep-reading-label', text: 'Read as: ' }), el('span', { text: interp.summary })));
    }
    var ignored = (interp.ignored || []).map(function (w) { return w && w.word; }).filter(Boolean);
    if (ignored.length) {
      parts.push(el('p', { class: 'sitrep-ignored', text: 'Not used: ' + ignored.join(', ') }));
    }
    if (data.note) {
      parts.push(el('p', { class: 'sitrep-note' }, data.note,
        data.relaxed ? ' Showing the articles that match part of the query.' : null));
    }
    if (data.did_you_mean && typeof data.did_you_mean === 'string') {
      var b = el('button', { type: 'button', class: 'sitrep-linkbutton sitrep-suggestion', text: data.did_you_mean });
      b.addEventListener('click', function () {
        self.input.value = data.did_you_mean;
        self.state.q = data.did_you_mean;
        self.state.filters = [];
        self.state.page = 1;
        self.search(true, true);
      });
      parts.push(el('p', { class: 'sitrep-didyoumean' }, 'Did you mean: ', b, '?'));
    }
    append(box, parts);
    box.hidden = parts.length === 0;
  };

  Widget.prototype.renderHistogram = function (h) {
    var fig = this.histogram;
    clear(fig);
    var buckets = h && Array.isArray(h.buckets) ? h.buckets : [];
    if (!buckets.length) { fig.hidden = true; return; }
    var max = 0;
    buckets.forEach(function (b) { max = Math.max(max, Number(b.count) || 0); });
    var by = h.field === 'event' ? 'by the dates named in the text' : 'by publication date';
    var caption = 'Articles per ' + (h.interval || 'period') + ', ' + by;
    var bars = el('div', { class: 'sitrep-bars', role: 'list', 'aria-label': caption });
    buckets.forEach(function (b) {
      var n = Number(b.count) || 0;
      var label = b.key + ': ' + n;
      var bar = el('div', { class: 'sitrep-bar' + (n ? '' : ' sitrep-bar-empty'), role: 'listitem', title: label,
        'aria-label': label },
        el('span', { class: 'sitrep-bar-fill' }));
      // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy.
      bar.firstChild.style.height = (max ? Math.max(n ? 4 : 0, Math.round(100 * n / max)) : 0) + '%';
      bars.appendChild(bar);
    });
    append(fig, [
      el('figcaption', { class: 'sitrep-histogram-caption', text: caption + ' (peak ' + max + ')' }),
      bars,
      el('div', { class: 'sitrep-axis', 'aria-hidden': 'true' },
        el('span', { text: buckets[0].key }),
        buckets.length > 1 ? el('span', { text: buckets[buckets.length - 1].key }) : null)
    ]);
    fig.hidden = false;
  };

  Widget.prototype.renderHits = function (hits) {
    var self = this;
    var list = this.results;
    clear(list);
    var page = this.state.page, size = this.state.size;
    list.setAttribute('start', String((page - 1) * size + 1));
    hits.forEach(function (hit) { list.appendChild(self.renderHit(hit)); });
  };

  Widget.prototype.renderHit = function (hit) {
    var self = this;
    var title = hit.title || hit.id || '(untitled)';
    var href = safeUrl(hit.url);
    var heading = el('h3', { class: 'sitrep-hit-title' },
      href ? el('a', { href: href, rel: 'noopener noreferrer', text: title }) : el('span', { text: title }));
    var meta = el('p', { class: 'sitrep-hit-meta' },
      hit.date ? el('time', { datetime: hit.date, text: hit.date }) : null,
      hit.source ? [el('span', { class: 'sitrep-sep', 'aria-hidden': 'true', text: ' \u00b7 ' }),
        el('span', { class: 'sitrep-source', text: hit.source })] : null,
      hit.duplicates > 0 ? [el('span', { class: 'sitrep-sep', 'aria-hidden': 'true', text: ' \u00b7 ' }),
        el('span', { class: 'sitrep-dups', text: '+' + plural(hit.duplicates, 'similar copy', 'similar copies') })] : null);
    var snippet = el('p', { class: 'sitrep-snippet' }, snippetNodes(hit.snippet));

    var chips = el('ul', { class: 'sitrep-chiplist sitrep-entities', 'aria-label': 'Named in the article' });
    var f = hit.facets || {};
    HIT_ENTITIES.forEach(function (kind) {
      (f[kind] || []).forEach(function (v) {
        if (!v || !v.id) return;
        var name = v.name || v.id;
        var b = el('button', { type: 'button', class: 'sitrep-chip sitrep-chip-' + kind,
          title: 'Filter by ' + FACET_LABELS[kind].toLowerCase() + ' ' + name,
          'aria-pressed': self.hasFilter(kind, v.id) ? 'true' : 'false' },
          el('span', { class: 'sitrep-chip-kind', text: FACET_LABELS[kind] }), el('span', { text: name }));
        b.addEventListener('click', function () { self.toggleFilter(kind, v.id, name); });
        chips.appendChild(el('li', null, b));
      });
    });

    var textBox = el('div', { class: 'sitrep-fulltext', hidden: true, id: this.id + '-text-' + (++counter) });
    var more = el('button', { type: 'button', class: 'sitrep-linkbutton sitrep-more', 'aria-expanded': 'false',
      'aria-controls': textBox.id, text: 'Full text' });
    more.addEventListener('click', function () { self.toggleText(hit.id, more, textBox); });
    // More like this: the like: search of this article (an id with a double quote cannot be written).
    var similar = null;
    if (hit.id && String(hit.id).indexOf('"') < 0) {
      similar = el('button', { type: 'button', class: 'sitrep-linkbutton sitrep-similar', text: 'Similar',
        title: 'Articles like this one' });
      similar.addEventListener('click', function () { self.searchLike(hit.id); });
    }

    return el('li', { class: 'sitrep-hit', 'data-id': hit.id },
      heading, meta, snippet, chips.firstChild ? chips : null,
      el('div', { class: 'sitrep-hit-actions' }, more, similar), textBox);
  };

  // Runs like:"ID" (more like this) as a new query, shown in the search box.
  Widget.prototype.searchLike = function (id) {
    var q = 'like:"' + id + '"';
    this.input.value = q;
    this.state.q = q;
    this.state.filters = [];
    this.state.page = 1;
    return this.search(true, true);
  };

  Widget.prototype.toggleText = function (id, button, box) {
    var open = button.getAttribute('aria-expanded') === 'true';
    if (open) {
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Full text';
      box.hidden = true;
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide full text';
    box.hidden = false;
    if (box.getAttribute('data-state') === 'loaded' || box.getAttribute('data-state') === 'loading') return;
    box.setAttribute('data-state', 'loading');
    box.textContent = 'Loading\u2026';
    this.fetchJson(this.url('/doc/' + encodeURIComponent(id))).then(function (doc) {
      box.setAttribute('data-state', 'loaded');
      clear(box);
      String(doc.text || '').split(/\n\s*\n/).forEach(function (para) {
        if (para.trim()) box.appendChild(el('p', { text: para.trim() }));
      });
    }, function (err) {
      box.setAttribute('data-state', 'error');
      box.textContent = 'The text could not be loaded: ' + err.message;
    });
  };

  Widget.prototype.renderPager = function (data) {
    var self = this;
    var nav = this.pager;
    clear(nav);
    var total = Number(data.total) || 0;
    var size = Number(data.size) || this.state.size;
    var pages = Number(data.pages) || Math.ceil(total / size);
    var page = Number(data.page) || this.state.page;
    if (pages <= 1 && page <= 1) { nav.hidden = true; return; }
    function go(p) {
      self.state.page = p;
      self.search(true, true);
    }
    var prev = el('button', { type: 'button', class: 'sitrep-button sitrep-prev', disabled: page <= 1 },
      el('span', { 'aria-hidden': 'true', text: '\u2190 ' }), 'Previous');
    var next = el('button', { type: 'button', class: 'sitrep-button sitrep-next', disabled: page >= pages },
      'Next', el('span', { 'aria-hidden': 'true', text: ' \u2192' }));
    prev.addEventListener('click', function () { go(page - 1); });
    next.addEventListener('click', function () { go(page + 1); });
    append(nav, [prev, el('span', { class: 'sitrep-pageinfo', text: 'Page ' + page + ' of ' + pages }), next]);
    nav.hidden = false;
  };

  Widget.prototype.renderFacets = function (facets) {
    var self = this;
    var panel = this.facetPanel;
    clear(panel);
    var any = false;
    FACETS.forEach(function (name) {
      var values = Array.isArray(facets[name]) ? facets[name] : [];
      if (!values.length) return;
      any = true;
      var hid = self.id + '-facet-' + name;
      var list = el('ul', { class: 'sitrep-facet-values', 'aria-labelledby': hid });
      values.forEach(function (v) {
        if (!v || v.id === undefined) return;
        var id = String(v.id);
        var label = String(v.name || id);
        var count = Number(v.count) || 0;
        var active = self.hasFilter(name, id);
        var b = el('button', { type: 'button', class: 'sitrep-facet-value', 'aria-pressed': active ? 'true' : 'false',
          'data-facet': name, 'data-id': id,
          'aria-label': label + ', ' + plural(count, 'article', 'articles') + (active ? ', filter on' : '') },
          el('span', { class: 'sitrep-facet-name', text: label }),
          el('span', { class: 'sitrep-count', text: count.toLocaleString('en') }));
        b.addEventListener('click', function () { self.toggleFilter(name, id, label); });
        list.appendChild(el('li', null, b));
      });
      panel.appendChild(el('section', { class: 'sitrep-facet sitrep-facet-' + name },
        el('h3', { id: hid, class: 'sitrep-facet-heading', text: FACET_HEADINGS[name] }), list));
    });
    if (any) panel.insertBefore(el('h2', { class: 'sitrep-facets-title', text: 'Refine' }), panel.firstChild);
    panel.hidden = !any;
  };

  // --- the map: the place facet of the whole match set on country outlines ----------------------

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var MAP_PLACES = 100; // /geo's top=
  var MAP_WIDTH = 240;  // px the radii are reckoned for (the SVG scales with the sidebar)
  var MAP_KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: 'home', End: 'end' };

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  function svgTitle(text) {
    var t = document.createElementNS(SVG_NS, 'title');
    t.textContent = text;
    return t;
  }

  // /geo for the search (same q and filters), and the outlines once; the map shows the newest.
  Widget.prototype.loadMap = function (params, seq) {
    var self = this;
    var p = new URLSearchParams(params);
    p.set('top', String(MAP_PLACES));
    if (!this.world) {
      this.world = this.fetchJson(this.url('/world.json')).then(function (w) {
        return w && typeof w.land === 'string' && w.land ? w : null;
      }, function () { return null; });
    }
    this.map.setAttribute('data-state', 'loading');
    var signal = this.controller && this.controller.signal;
    Promise.all([this.fetchJson(this.url('/geo', p), signal), this.world]).then(function (r) {
      if (seq === self.seq) self.renderMap(r[0], r[1]);
    }, function (err) {
      if (seq !== self.seq || (err && err.name === 'AbortError')) return;
      self.map.hidden = true;
      self.map.setAttribute('data-state', 'error');
    });
  };

  Widget.prototype.renderMap = function (geo, world) {
    var self = this;
    var fig = this.map;
    clear(fig);
    var places = (Array.isArray(geo.places) ? geo.places : []).filter(function (p) {
      return p && p.id && isFinite(p.lat) && isFinite(p.lon) && Number(p.count) > 0;
    });
    var lines = [];
    (Array.isArray(geo.borders) ? geo.borders : []).forEach(function (b) {
      (b && Array.isArray(b.lines) ? b.lines : []).forEach(function (l) {
        var pts = (Array.isArray(l) ? l : []).filter(function (q) { return q && isFinite(q[0]) && isFinite(q[1]); });
        if (pts.length) lines.push({ border: b, points: pts });
      });
    });
    fig.setAttribute('data-state', places.length || lines.length ? 'ready' : 'empty');
    fig.setAttribute('data-outlines', world ? 'yes' : 'no');
    if (!places.length && !lines.length) { fig.hidden = true; return; }

    // The extent of the points and lines, padded, at least 10 x 7 degrees, 4:3 once x is
    // multiplied by k = cos(middle latitude) (so that shapes keep their proportions there).
    var la = [], lo = [];
    places.forEach(function (p) { la.push(+p.lat); lo.push(+p.lon); });
    lines.forEach(function (l) { l.points.forEach(function (q) { la.push(+q[0]); lo.push(+q[1]); }); });
    var s = Math.min.apply(null, la), n = Math.max.apply(null, la);
    var w = Math.min.apply(null, lo), e = Math.max.apply(null, lo);
    var k = Math.max(0.3, Math.cos((s + n) / 2 * Math.PI / 180));
    var width = Math.max((e - w) * 1.3, 10) * k, height = Math.max((n - s) * 1.3, 7);
    if (width < height * 4 / 3) width = height * 4 / 3; else height = width * 3 / 4;
    var cx = (w + e) / 2 * k, cy = -(s + n) / 2;
    var view = [cx - width / 2, cy - height / 2, width, height].map(function (v) { return Math.round(v * 100); });
    var unit = view[2] / MAP_WIDTH; // viewBox units per pixel

    var max = 0;
    places.forEach(function (p) { max = Math.max(max, Number(p.count)); });
    var label = 'Map of the ' + plural(places.length, 'place', 'places') +
      ' named in the matching articles, sized by articles' + (lines.length ? ', with the border searched near' : '');
    var map = svgEl('svg', { class: 'sitrep-map-svg', viewBox: view.join(' '), role: 'group', 'aria-label': label,
      'aria-describedby': this.id + '-map-note' });
    var ground = svgEl('g', { transform: 'scale(' + k.toFixed(4) + ' 1)' });
    if (world) {
      ground.appendChild(svgEl('path', { class: 'sitrep-map-land', d: world.land }));
      if (world.borders) ground.appendChild(svgEl('path', { class: 'sitrep-map-borders', d: world.borders }));
    } else {
      // No outlines on this server: meridians and parallels every 5 degrees.
      var d = '';
      for (var x = -180; x <= 180; x += 5) d += 'M' + x * 100 + ' -9000V9000';
      for (var y = -85; y <= 85; y += 5) d += 'M-18000 ' + y * 100 + 'H18000';
      ground.appendChild(svgEl('path', { class: 'sitrep-map-graticule', d: d }));
    }
    map.appendChild(ground);

    // Points, the largest first so that smaller ones stay on top and clickable. One tab stop for
    // them all (the most named); the arrow keys move between them, most named first.
    var dots = [];
    function move(from, by) {
      var to = dots[Math.max(0, Math.min(dots.length - 1, by === 'end' ? dots.length - 1 : by === 'home' ? 0 : from + by))];
      dots.forEach(function (d) { d.setAttribute('tabindex', d === to ? '0' : '-1'); });
      to.focus();
    }
    places.slice().sort(function (a, b) { return b.count - a.count; }).forEach(function (p, i) {
      var count = Number(p.count);
      var name = String(p.name || p.id);
      var id = String(p.id);
      var active = self.hasFilter('place', id);
      var r = (2.5 + 7 * Math.sqrt(count / max)) * unit;
      var dot = svgEl('circle', { class: 'sitrep-map-point' + (active ? ' sitrep-map-point-active' : ''),
        cx: Math.round(p.lon * k * 100), cy: Math.round(-p.lat * 100), r: Math.round(r),
        tabindex: i ? '-1' : '0', role: 'button', 'aria-pressed': active ? 'true' : 'false',
        'aria-label': name + ', ' + plural(count, 'article', 'articles') + (active ? ', filter on' : ''),
        'data-id': id, 'data-lat': p.lat, 'data-lon': p.lon, 'data-count': count },
        svgTitle(name + ': ' + plural(count, 'article', 'articles')));
      dot.addEventListener('click', function () { self.toggleFilter('place', id, name); });
      dot.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); self.toggleFilter('place', id, name); }
        else if (MAP_KEYS[ev.key]) { ev.preventDefault(); move(i, MAP_KEYS[ev.key]); }
      });
      dots.push(dot);
      map.appendChild(dot);
    });
    // The borders searched near, above the points (they let the pointer through to them).
    var used = svgEl('g', { transform: ground.getAttribute('transform') });
    var searched = [];
    lines.forEach(function (l) {
      var b = l.border;
      var what = 'the border of ' + (b.name || b.country) +
        (b.km ? ' (places within ' + b.km + ' km' + (b.negated ? ' left out' : '') + ')' : '');
      if (searched.indexOf(what) < 0) searched.push(what);
      used.appendChild(svgEl('polyline', { class: 'sitrep-map-border-used',
        points: l.points.map(function (q) { return Math.round(q[1] * 100) + ',' + Math.round(-q[0] * 100); }).join(' ') },
        svgTitle(what)));
    });
    if (lines.length) map.appendChild(used);

    append(fig, [
      el('figcaption', { class: 'sitrep-map-caption', text: 'Where: ' + plural(places.length, 'place', 'places') +
        (geo.total ? ' in ' + plural(Number(geo.total), 'article', 'articles') : '') }),
      map,
      el('p', { id: this.id + '-map-note', class: 'sitrep-map-note',
        text: (searched.length ? 'In red: ' + searched.join(', ') + ', as searched. ' : '') +
          'Each point is a place of the Place list (here up to ' + MAP_PLACES + '), most named first with the ' +
          'arrow keys; select one to filter by it.' +
          (world ? ' Outlines: Natural Earth.' : '') })
    ]);
    fig.hidden = false;
  };

  // --- start-up -------------------------------------------------------------------------------

  function init(root) {
    if (!root || root.nodeType !== 1) throw new TypeError('Sitrep.init needs an element');
    if (widgets && widgets.has(root)) return widgets.get(root);
    var w = new Widget(root);
    if (widgets) widgets.set(root, w);
    return w;
  }

  function scan() {
    var found = document.querySelectorAll('[data-sitrep]');
    for (var i = 0; i < found.length; i++) init(found[i]);
  }

  addStylesheet();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();

  window.Sitrep = Object.freeze({ version: VERSION, init: init, scan: scan });
})();
