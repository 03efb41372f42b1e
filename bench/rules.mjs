// What the rules cost, rule by rule, on the first N corpus transcripts (parsed once, before timing).
//
//   node bench/rules.mjs [N]                 the costliest rules (what their matching and conditions take, how often
//                                            they are weighed, tried and fire) and every regex entry (how many
//                                            participant sentences its prefilter lets through to RE2, and RE2's time)
//   node bench/rules.mjs --ab DIST_A DIST_B [N]
//                                            two builds' rule matching in one process, interleaved eight times (CPU
//                                            ms): a comparison this shared machine's load cannot tilt. It leans
//                                            against B: two copies of one build read B 3 to 10% slower (A's parse
//                                            feeds both), so put the build you hope is faster as B
//
// Times are CPU milliseconds of one thread; counts do not depend on the machine. Run `npm run build` first.
const CORPUS = '../shared/corpus/anthropic-interviewer/transcripts';
const args = process.argv.slice(2);
const ab = args[0] === '--ab' ? [args[1], args[2]] : undefined;
const count = Number((ab ? args[3] : args[0]) ?? 300);
const here = new URL('../', import.meta.url);
const build = (dir) => new URL(dir.endsWith('/') ? dir : `${dir}/`, `file://${process.cwd()}/`).href;

const engine = async (dist) => ({
  ...(await import(`${dist}index.js`)),
  ...(await import(`${dist}segment/index.js`)),
  ...(await import(`${dist}extract/index.js`)),
  ...(await import(`${dist}extract/match.js`)),
  ...(await import(`${dist}rules/load.js`)),
  ...(await import(`${dist}rules/find.js`)),
  ...(await import(`${dist}rules/pattern.js`)),
  ...(await import(`${dist}rules/patternMatch.js`)),
  ...(await import(`${dist}rules/regex.js`)),
  ...(await import(`${dist}rules/regexPrefilter.js`)),
});

const main = await engine(ab ? build(ab[0]) : new URL('dist/', here).href);
const found = await main.findTranscripts(CORPUS);
const transcripts = [];
for (const source of found.sources.slice(0, count)) {
  for (const transcript of (await main.readTranscripts(source)).transcripts) transcripts.push(main.segmentTranscript(transcript));
}
const sentenceCount = transcripts.reduce((sum, t) => sum + t.sentences.length, 0);
console.log(`${transcripts.length} transcripts, ${sentenceCount} sentences`);

const cpu = (work) => {
  const start = process.cpuUsage();
  const result = work();
  return [process.cpuUsage(start).user / 1000, result];
};
const matchAll = (m, indexes) =>
  cpu(() => {
    let hits = 0;
    for (const t of transcripts) for (const sentence of t.sentences) hits += m.firedRules(indexes[sentence.role], sentence, t.sentences).length;
    return hits;
  });
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

if (ab) {
  const other = await engine(build(ab[1]));
  const indexesA = main.indexRulesBySpeaker(main.loadRules().rules);
  const indexesB = other.indexRulesBySpeaker(other.loadRules().rules);
  const [a, b] = [[], []];
  for (let round = 0; round < 8; round++) {
    const [ta, hitsA] = matchAll(main, indexesA);
    const [tb, hitsB] = matchAll(other, indexesB);
    a.push(ta);
    b.push(tb);
    if (round === 0) console.log(`rule hits: ${hitsA} (A), ${hitsB} (B)`);
  }
  console.log(`firedRules CPU ms, median of 8: A ${median(a).toFixed(0)}, B ${median(b).toFixed(0)} (min ${Math.min(...a).toFixed(0)}, ${Math.min(...b).toFixed(0)})`);
} else {
  const rules = main.loadRules().rules;
  const indexes = main.indexRulesBySpeaker(rules);
  console.log(`${rules.length} rules; firedRules on every sentence: ${matchAll(main, indexes)[0].toFixed(0)} CPU ms`);
  printRuleCosts(indexes);
  printRegexCosts(rules);
}

/** firedRules' steps, timed per rule: the context checks, the matcher, the conditions on the sentence. */
function printRuleCosts(indexes) {
  const costs = new Map();
  const costOf = (id) => costs.get(id) ?? costs.set(id, { context: 0, match: 0, sentence: 0, weighed: 0, tried: 0, fired: 0 }).get(id);
  const timed = (work) => {
    const start = performance.now();
    const result = work();
    return [performance.now() - start, result];
  };
  for (const t of transcripts) {
    for (const sentence of t.sentences) {
      const words = main.contentWords(sentence.tokens);
      const place = { sentence, sentences: t.sentences, words };
      const done = new Set();
      for (const { item, matcher } of indexes[sentence.role].candidates(words)) {
        const cost = costOf(item.rule.id);
        cost.weighed++;
        if (done.has(item)) continue;
        const [contextTime, passes] = timed(() => item.contextChecks.every((check) => !check(place)));
        cost.context += contextTime;
        if (!passes) {
          done.add(item);
          continue;
        }
        cost.tried++;
        const [matchTime, span] = timed(() => main.findPattern(matcher.pattern, words, sentence.text, 0));
        cost.match += matchTime;
        if (!span) continue;
        const [sentenceTime, fires] = timed(() => item.sentenceChecks.every((check) => !check(place)));
        cost.sentence += sentenceTime;
        done.add(item);
        if (fires) cost.fired++;
      }
    }
  }
  const rows = [...costs].map(([id, c]) => ({ id, ...c, total: c.context + c.match + c.sentence })).sort((a, b) => b.total - a.total);
  console.log('\n    ms  context  match  sentence   weighed    tried  fired  rule');
  for (const r of rows.slice(0, 25)) {
    const ms = (v) => v.toFixed(0).padStart(5);
    console.log(
      `${ms(r.total).padStart(6)}  ${ms(r.context).padStart(7)}  ${ms(r.match)}  ${ms(r.sentence).padStart(8)}  ${String(r.weighed).padStart(8)} ${String(r.tried).padStart(8)} ${String(r.fired).padStart(6)}  ${r.id}`,
    );
  }
}

/** Every regex entry on the participant sentences: how many its prefilter lets through, and what RE2 then takes. */
function printRegexCosts(rules) {
  const texts = transcripts.flatMap((t) => t.sentences.filter((s) => s.role === 'participant').map((s) => s.text));
  const rows = [];
  for (const rule of rules) {
    for (const matcher of rule.matchers.filter((m) => m.kind === 'regex')) {
      const required = main.requiredLiterals(matcher.source);
      const regex = main.compileRegex(matcher.source);
      let passed = 0;
      let matched = 0;
      let engineTime = 0;
      for (const text of texts) {
        if (!main.mayMatchText(required, text)) continue;
        passed++;
        const start = performance.now();
        if (regex.matcher(text).find()) matched++;
        engineTime += performance.now() - start;
      }
      rows.push({ id: rule.id, passed, matched, engineTime });
    }
  }
  rows.sort((a, b) => b.engineTime - a.engineTime);
  console.log(`\nregex entries on ${texts.length} participant sentences: passed to RE2, matched, RE2 ms`);
  for (const r of rows) console.log(`${String(r.passed).padStart(8)} ${String(r.matched).padStart(6)} ${r.engineTime.toFixed(0).padStart(6)}  ${r.id}`);
  const sum = (key) => rows.reduce((total, r) => total + r[key], 0);
  console.log(`${String(sum('passed')).padStart(8)} ${String(sum('matched')).padStart(6)} ${sum('engineTime').toFixed(0).padStart(6)}  all ${rows.length}`);
}
