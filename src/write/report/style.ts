/** The report's stylesheet: system fonts only (nothing to fetch), visible focus, and a print layout that stacks the stages. */
export const REPORT_CSS = `
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #fff; --bg: #f6f8fa; --accent: #0b57d0; --pain: #b3261e; --warm: #8a4b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header.page { padding: 16px 20px 8px; }
h1 { font-size: 1.4rem; margin: 0 0 4px; }
.muted { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; padding: 10px 20px; background: var(--paper); border-block: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
form.filters label { display: flex; flex-direction: column; font-size: .8rem; font-weight: 600; color: var(--muted); gap: 2px; }
input, select, button { font: inherit; color: inherit; }
input, select { padding: 5px 8px; border: 1px solid #8c959f; border-radius: 6px; background: var(--paper); min-height: 34px; }
input[type=search] { width: 16rem; }
input[type=number] { width: 5.5rem; }
select { max-width: 14rem; }
button { cursor: pointer; padding: 6px 12px; border: 1px solid #8c959f; border-radius: 6px; background: var(--paper); min-height: 34px; }
button:hover { background: #eef2f6; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
#status { margin: 0; padding: 8px 20px; font-size: .9rem; }
details.segments { margin: 0 20px 12px; padding: 10px 14px; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
details.segments h2 { font-size: 1rem; margin: 0; display: inline; }
details.segments summary { color: var(--ink); margin-bottom: 6px; }
button.link { border: 0; background: none; padding: 0; min-height: 0; color: var(--accent); text-decoration: underline; text-align: left; }
details.segments table { border-collapse: collapse; font-size: .9rem; }
details.segments td, details.segments th { padding: 2px 12px 2px 0; text-align: left; vertical-align: top; }
details.segments ol { margin: 0; padding-left: 1.2em; }
section.timeline { margin: 0 20px 14px; padding: 12px 14px; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
section.timeline > h2 { font-size: 1.1rem; margin: 0 0 2px; }
section.timeline > p.muted { margin: 0 0 10px; font-size: .85rem; }
ol.steps { list-style: none; display: grid; grid-auto-flow: column; grid-auto-columns: minmax(150px, 1fr); gap: 0; margin: 0 0 12px; padding: 14px 0 0; overflow-x: auto; counter-reset: step; }
li.step { position: relative; padding: 22px 10px 4px; border-top: 4px solid var(--accent); }
li.step::before { counter-increment: step; content: counter(step); position: absolute; top: -13px; left: 8px; width: 22px; height: 22px; border-radius: 50%; background: var(--accent); color: #fff; font-size: .75rem; font-weight: 700; text-align: center; line-height: 22px; }
li.step:last-child { border-top-style: dashed; }
li.step h3 { font-size: .95rem; margin: 0; text-transform: capitalize; }
li.step p { margin: 2px 0; font-size: .78rem; }
li.step p.about { color: var(--muted); }
.badge.force { margin: 0 3px 3px 0; }
.force.push, .badge.force.push { --force: #b3261e; }
.force.pull, .badge.force.pull { --force: #1a7f37; }
.force.anxiety, .badge.force.anxiety { --force: #8a4b00; }
.force.habit, .badge.force.habit { --force: #59636e; }
.badge.force { color: var(--force); border-color: var(--force); background: #fff; }
div.forces { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
section.force-group > h3 { font-size: .95rem; margin: 0 0 6px; }
section.force { border-left: 5px solid var(--force); padding: 4px 10px; margin-bottom: 8px; background: var(--bg); border-radius: 6px; }
section.force h4 { margin: 2px 0; font-size: .9rem; color: var(--force); }
section.force p.about { margin: 0 0 4px; font-size: .78rem; color: var(--muted); }
section.force ul { margin: 0; padding-left: 1.1em; font-size: .85rem; }
section.force li { margin: 3px 0; }
main.journey { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(270px, 1fr); gap: 14px; padding: 6px 20px 24px; overflow-x: auto; align-items: start; }
section.stage { background: #eaeef2; border-radius: 10px; padding: 10px; min-width: 0; }
section.stage > h2 { font-size: 1.05rem; margin: 2px 4px 0; text-transform: capitalize; }
section.stage > p.about { margin: 2px 4px 8px; font-size: .8rem; color: var(--muted); }
ol.cards { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 10px; }
article.card { background: var(--paper); border: 1px solid var(--line); border-left: 5px solid var(--accent); border-radius: 8px; padding: 10px 12px; }
article.card.emotional { border-left-color: #8250df; }
article.card.social { border-left-color: #1a7f37; }
article.card h3 { font-size: 1rem; margin: 0 0 4px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 8px; font-size: .8rem; color: var(--muted); margin: 0 0 6px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; background: #eef2f6; border: 1px solid var(--line); }
.badge.distinctive { background: #fff4d6; border-color: #e3b341; color: var(--warm); }
.badge.review { background: #dafbe1; border-color: #4ac26b; color: #116329; }
.story { font-style: italic; margin: 0 0 6px; font-size: .9rem; }
blockquote { margin: 6px 0; padding: 0 0 0 10px; border-left: 3px solid var(--line); font-size: .9rem; }
blockquote p { margin: 0; }
.source { display: block; font-size: .75rem; color: var(--muted); margin-top: 2px; overflow-wrap: anywhere; }
.cue { margin: 4px 0; font-size: .85rem; }
.cue b { font-weight: 600; }
.cue.pains b { color: var(--pain); }
details { margin-top: 6px; font-size: .85rem; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
details h4 { margin: 8px 0 2px; font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
details ul { margin: 0; padding-left: 1.1em; }
details li { margin: 3px 0; }
button.more { width: 100%; margin-top: 10px; }
p.empty { font-size: .85rem; color: var(--muted); margin: 6px 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 700px) { form.filters { position: static; } }
@media print {
  body { background: #fff; font-size: 11pt; }
  form.filters, button.more, noscript { display: none !important; }
  main.journey { display: block; overflow: visible; padding: 0; }
  section.stage { background: none; padding: 0; margin-bottom: 12pt; break-before: auto; }
  section.stage > h2 { border-bottom: 1pt solid #000; }
  section.timeline { border: 0; padding: 0; margin: 0 0 12pt; break-inside: avoid; }
  ol.steps { display: flex; flex-wrap: wrap; overflow: visible; }
  article.card { break-inside: avoid; border: 1pt solid #999; border-left-width: 4pt; }
  summary { color: #000; }
  a { color: inherit; }
}
`;
