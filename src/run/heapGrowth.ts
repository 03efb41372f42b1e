import v8 from 'node:v8';

/**
 * How far V8 lets a heap grow past what was live at its last full collection
 * before it collects again, for a study this large, in percent; undefined
 * for V8's own choice.
 *
 * V8 picks that growth from how fast it collects, and on a large heap it
 * picks about double: a re-run over 16 copies of the corpus (19,744
 * interviews, 182 MB) had 520 to 720 MB live on the main thread and let
 * garbage take it to 1.5 GB before collecting, so the process peaked at 1.9
 * to 2.2 GB. Collecting at 1.3 times what is live, the same run peaked at
 * 1.1 GB in the same time (bench/RESULTS.md, stop 42). A small study keeps
 * V8's choice: there the extra collections cost a re-run time (two more full
 * collections of a 100 MB heap on the corpus) and save no memory that
 * matters. Above LARGE_STUDY_BYTES of transcripts (about twice the corpus)
 * memory is what runs short.
 */
export function heapGrowthPercentFor(studyBytes: number): number | undefined {
  return studyBytes >= LARGE_STUDY_BYTES ? LARGE_STUDY_GROWTH_PERCENT : undefined;
}

export const LARGE_STUDY_BYTES = 24 * 2 ** 20;
const LARGE_STUDY_GROWTH_PERCENT = 30;
const FLAG = '--heap-growing-percent';

let set = false;

/**
 * Sets the heap growth a study of this size wants (set to it, not capped at
 * it: V8 would sometimes pick less), for the whole process, its worker
 * threads included (V8's flags are the process's, read at each full
 * collection), once; a growth given to node by hand is left as it is.
 */
export function growHeapForStudy(studyBytes: number): void {
  const percent = heapGrowthPercentFor(studyBytes);
  if (set || percent === undefined || givenByHand()) return;
  v8.setFlagsFromString(`${FLAG}=${percent}`);
  set = true;
}

/** On node's command line, in either of V8's spellings (NODE_OPTIONS may not carry it: node refuses to start). */
function givenByHand(): boolean {
  return process.execArgv.some((arg) => arg.replace(/_/g, '-').startsWith(FLAG));
}
