import { LOGIC_SOURCE } from './logic.js';

/**
 * The page's script, as text (it runs in the browser, not in Node). It reads
 * the embedded JSON and draws cards with textContent only, never innerHTML, so
 * a transcript's `<script>` shows as text. Each stage column draws PAGE cards
 * and a "show more" button for the rest, so 6,000 jobs stay quick.
 * What it decides without the page (filters, order, source labels) is
 * logic.ts's LOGIC_SOURCE, unit-tested in Node through its typed functions.
 * No template literals or `${` inside: this is itself a template literal.
 */
export const REPORT_SCRIPT =
  `(function () {\n  'use strict';\n` +
  LOGIC_SOURCE +
  String.raw`
  var PAGE = 20;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  // [key in the data, heading, one, many], from the category registry
  var KINDS = data.cueKinds;
  var $ = function (id) { return document.getElementById(id); };
  var form = $('filters'), q = $('search'), category = $('category'), dimension = $('dimension'), segment = $('segment'), participant = $('participant'), min = $('min-support');
  var distinctiveFor = {};
  Object.keys(data.distinctive || {}).forEach(function (s) {
    data.distinctive[s].forEach(function (d) { (distinctiveFor[d.job] = distinctiveFor[d.job] || []).push({ segment: s, lift: d.lift }); });
  });
  var shown = data.stages.map(function () { return PAGE; });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function option(value, label) { return el('option', { value: value, text: label }); }
  function percent(share) { return (share * 100).toFixed(1) + '%'; }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // filter choices
  KINDS.forEach(function (k) { category.appendChild(option(k[0], 'with ' + k[1].toLowerCase())); });
  var dims = {};
  data.jobs.forEach(function (j) { dims[j.dimension] = true; });
  Object.keys(dims).sort().forEach(function (d) { dimension.appendChild(option(d, d)); });
  (data.segments || []).forEach(function (s) { segment.appendChild(option(s.id, s.id + ' (' + plural(s.participants, 'participant', 'participants') + ')')); });
  if (!data.segments) segment.disabled = true;
  data.transcripts.forEach(function (t, i) { participant.appendChild(option(String(i), t.id + (t.segment ? ' (' + t.segment + ')' : ''))); });
  min.value = String(data.minSupport);
  min.max = String(data.jobs.reduce(function (m, j) { return Math.max(m, j.participants); }, 1));

  function text(job) {
    if (!job._text) job._text = searchableText(job, data);
    return job._text;
  }

  function matching() {
    return filterJobs(data, {
      search: q.value,
      minSupport: parseInt(min.value, 10),
      category: category.value,
      dimension: dimension.value,
      segment: segment.value,
      participant: participant.value === '' ? -1 : parseInt(participant.value, 10),
    }, text);
  }

  function source(transcript, at, time, speaker) {
    return el('span', { class: 'source', text: sourceLabel(data.transcripts[transcript], at, time, speaker) });
  }
  // a quote is [sentence, transcript, speaker]; a sentence is [text, file:line, time]
  function quoted(quote) { return '\u201c' + data.sentences[quote[0]][0] + '\u201d'; }
  function quoteSource(quote) { var s = data.sentences[quote[0]]; return source(quote[1], s[1], s[2], quote[2]); }
  function quoteBlock(quote) { return el('blockquote', {}, [el('p', { text: quoted(quote) }), quoteSource(quote)]); }
  // a cue is [sentence, subtype]
  function cueLine(label, c) {
    var s = data.sentences[c[0]];
    var subtype = c[1] ? ' (' + c[1].replace(/_/g, ' ') + ')' : '';
    return el('li', {}, [s[0], el('span', { class: 'source', text: label + subtype + ' \u00b7 ' + [s[1], s[2]].filter(Boolean).join(' \u00b7 ') })]);
  }

  function card(job) {
    var seg = segment.value;
    var meta = el('p', { class: 'meta' }, [
      el('span', { class: 'badge', text: job.dimension }),
      el('span', { text: plural(job.participants, 'participant', 'participants') + ', ' + plural(job.mentions, 'mention', 'mentions') }),
    ]);
    if (job.segments) {
      meta.appendChild(el('span', { text: 'by segment: ' + Object.keys(job.segments).sort().map(function (s) { return s + ' ' + job.segments[s]; }).join(' \u00b7 ') }));
    }
    (distinctiveFor[job.id] || []).forEach(function (d) {
      if (!seg || seg === d.segment) meta.appendChild(el('span', { class: 'badge distinctive', text: 'distinctive for ' + d.segment + ' \u00d7' + d.lift }));
    });
    if (job.review) meta.appendChild(el('span', { class: 'badge review', text: job.review }));
    var body = [el('h3', { text: job.statement }), meta];
    if (job.story) body.push(el('p', { class: 'story', text: job.story }));
    if (job.quotes[0]) body.push(quoteBlock(job.quotes[0]));
    var top = job.cues.pains || job.cues.triggers;
    if (top) {
      var kind = job.cues.pains ? 'pains' : 'triggers';
      body.push(el('p', { class: 'cue ' + kind }, [el('b', { text: (kind === 'pains' ? 'Pain: ' : 'Trigger: ') }), data.sentences[top[0][0]][0]]));
    }
    var more = [];
    // each quote names the candidate job it supports (candidate_job: in transcripts/<id>.yaml); the link opens this card
    if (job.quotes.length) more.push(el('h4', { text: 'Quotes' }), el('ul', {}, job.quotes.map(function (quote) {
      return el('li', {}, [quoted(quote), quoteSource(quote), el('a', { class: 'source job-link', href: '#' + job.id, text: job.id })]);
    })));
    var counts = [plural(job.quotes.length, 'quote', 'quotes')];
    KINDS.forEach(function (k) {
      var list = job.cues[k[0]];
      if (!list) return;
      counts.push(plural(list.length, k[2], k[3]));
      more.push(el('h4', { text: k[1] }), el('ul', {}, list.map(function (c) { return cueLine(k[2], c); })));
    });
    body.push(el('details', {}, [el('summary', { text: 'Evidence: ' + counts.join(', ') })].concat(more)));
    return el('li', {}, [el('article', { class: 'card ' + job.dimension, 'data-job': job.id, id: job.id }, body)]);
  }

  function render() {
    var jobs = matching();
    var main = $('journey');
    main.textContent = '';
    data.stages.forEach(function (stage, i) {
      var here = jobs.filter(function (j) { return j.stage === i; });
      var column = el('section', { class: 'stage', 'aria-labelledby': 'stage-' + i }, [
        el('h2', { id: 'stage-' + i, text: stage.id.replace(/_/g, ' ') + ' (' + here.length + ')' }),
        stage.description ? el('p', { class: 'about', text: stage.description }) : null,
      ]);
      var list = el('ol', { class: 'cards' }, here.slice(0, shown[i]).map(card));
      column.appendChild(list);
      if (!here.length) column.appendChild(el('p', { class: 'empty', text: 'No job here matches the filters.' }));
      if (here.length > shown[i]) {
        var button = el('button', { type: 'button', class: 'more', 'data-stage': String(i), text: 'Show ' + Math.min(PAGE, here.length - shown[i]) + ' more (' + (here.length - shown[i]) + ' not shown)' });
        button.addEventListener('click', function () {
          var first = shown[i];
          shown[i] += PAGE;
          render();
          // keep the keyboard where the reader was: on the first card just drawn
          var cards = document.querySelectorAll('#journey section.stage')[i].querySelectorAll('article.card');
          if (cards[first]) { cards[first].setAttribute('tabindex', '-1'); cards[first].focus(); }
        });
        column.appendChild(button);
      }
      main.appendChild(column);
    });
    $('status').textContent = 'Showing ' + plural(jobs.length, 'job', 'jobs') + ' of ' + data.jobs.length + (jobs.length < data.jobs.length ? ' (filters on)' : '') + '.';
  }

  function refilter() { shown = data.stages.map(function () { return PAGE; }); render(); }
  [category, dimension, segment, participant, min].forEach(function (input) { input.addEventListener('change', refilter); });
  min.addEventListener('input', refilter);
  var typing;
  q.addEventListener('input', function () { clearTimeout(typing); typing = setTimeout(refilter, 150); });
  form.addEventListener('submit', function (event) { event.preventDefault(); refilter(); });
  function clearFilters() {
    q.value = ''; category.value = ''; dimension.value = ''; segment.value = ''; participant.value = '';
    min.value = String(data.minSupport);
  }
  $('clear').addEventListener('click', function () { clearFilters(); refilter(); });

  var panel = $('segments');
  if (data.segments) {
    var byId = {};
    data.jobs.forEach(function (j) { byId[j.id] = j; });
    var rows = data.segments.map(function (s) {
      var list = (data.distinctive || {})[s.id] || [];
      var cell = list.length
        ? el('ol', {}, list.map(function (d) {
            var job = byId[d.job];
            var show = el('button', { type: 'button', class: 'link', text: job ? job.statement : d.job });
            // the job may sit below the opening minimum support: show it whatever the filters
            show.addEventListener('click', function () {
              clearFilters();
              segment.value = s.id;
              q.value = job ? job.statement : '';
              min.value = '1';
              refilter();
              var shownCard = document.querySelector('article.card[data-job="' + d.job + '"]');
              if (shownCard) { shownCard.setAttribute('tabindex', '-1'); shownCard.focus(); }
            });
            return el('li', {}, [show, ' \u2014 ' + d.participants + ' here, ' + percent(d.share) + ' vs ' + percent(d.elsewhere) + ' elsewhere (\u00d7' + d.lift + ')']);
          }))
        : el('span', { class: 'muted', text: 'none' });
      return el('tr', {}, [el('th', { scope: 'row', text: s.id }), el('td', { text: String(s.participants) }), el('td', {}, [cell])]);
    });
    panel.appendChild(el('summary', {}, [el('h2', { text: 'Segments (by ' + data.segmentBy + '): ' + data.segments.map(function (s) { return s.id; }).join(', ') })]));
    panel.appendChild(el('table', {}, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'segment' }), el('th', { text: 'participants' }), el('th', { text: 'distinctive jobs: said by at least 2 here and at least twice the share elsewhere' })])]),
      el('tbody', {}, rows),
    ]));
  } else {
    panel.remove();
  }

  // the switch model: its stages as a timeline in time order, with the findings placed on each and the four forces
  var timeline = $('timeline');
  if (data.timeline) drawTimeline(timeline, data.timeline);
  else timeline.remove();

  function drawTimeline(box, t) {
    var FORCES = [
      ['push', 'Push', 'of the situation: what made the old way hard to live with'],
      ['pull', 'Pull', 'of the new solution: what drew them to it'],
      ['anxiety', 'Anxiety', 'about the new solution: what held them back'],
      ['habit', 'Habit', 'of the present: what kept them with the old way'],
    ];
    var name = function (i) { return data.stages[i].id.replace(/_/g, ' '); };
    box.hidden = false;
    box.appendChild(el('h2', { id: 'timeline-title', text: 'The switch, in time order' }));
    box.appendChild(el('p', { class: 'muted', text: 'Each step of the switch with what the interviews placed there, in the order it happened, however the interviews told it. Push and pull move people toward the switch; anxiety and habit hold them back.' }));
    box.appendChild(el('ol', { class: 'steps' }, data.stages.map(function (stage, i) {
      var jobs = data.jobs.filter(function (j) { return j.stage === i; }).length;
      var badges = FORCES.filter(function (f) { return t.forces[f[0]].perStage[i]; }).map(function (f) {
        return el('span', { class: 'badge force ' + f[0], text: f[0] + ' ' + t.forces[f[0]].perStage[i] });
      });
      return el('li', { class: 'step' }, [
        el('h3', { text: name(i) }),
        stage.description ? el('p', { class: 'about', text: stage.description }) : null,
        el('p', { class: 'count', text: plural(t.findings[i], 'finding', 'findings') + ', ' + plural(jobs, 'candidate job', 'candidate jobs') }),
        badges.length ? el('p', { class: 'forces-here' }, badges) : null,
      ]);
    })));
    var groups = [['Toward the switch', FORCES.slice(0, 2)], ['Holding it back', FORCES.slice(2)]];
    box.appendChild(el('div', { class: 'forces' }, groups.map(function (group) {
      return el('section', { class: 'force-group' }, [el('h3', { text: group[0] })].concat(group[1].map(function (f) {
        var force = t.forces[f[0]];
        var total = force.perStage.reduce(function (a, b) { return a + b; }, 0);
        // quotes in time order: by the stage they were placed on
        var quotes = force.quotes.slice().sort(function (a, b) { return a[2] - b[2]; });
        return el('section', { class: 'force ' + f[0], 'aria-labelledby': 'force-' + f[0] }, [
          el('h4', { id: 'force-' + f[0], text: f[1] + ' (' + total + ')' }),
          el('p', { class: 'about', text: f[2] }),
          quotes.length
            ? el('ul', {}, quotes.map(function (q) {
                var s = data.sentences[q[0]];
                return el('li', {}, [quoted(q), el('span', { class: 'source', text: name(q[2]) + ' \u00b7 ' + [s[1], s[2], q[3]].filter(Boolean).join(' \u00b7 ') })]);
              }))
            : el('p', { class: 'empty', text: 'Not found in these interviews.' }),
        ]);
      })));
    })));
  }

  // print every card the filters match, each with its evidence open; the screen goes back to its pages after
  var screenPages;
  window.addEventListener('beforeprint', function () {
    screenPages = shown;
    shown = data.stages.map(function () { return Infinity; });
    render();
    document.querySelectorAll('#journey details').forEach(function (d) { d.setAttribute('open', ''); });
  });
  window.addEventListener('afterprint', function () {
    if (screenPages) { shown = screenPages; screenPages = undefined; render(); }
  });
  // report.html#job.write-emails opens on that job, as transcripts/<id>.yaml names it (candidate_job:)
  function openLinkedJob() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^job\./.test(id) || !data.jobs.some(function (j) { return j.id === id; })) return;
    q.value = id;
    min.value = '1';
    render();
    var card = document.getElementById(id);
    if (card) card.scrollIntoView();
  }
  window.addEventListener('hashchange', openLinkedJob);
  render();
  openLinkedJob();
})();
`;
