/** The categories of finding, and how each is named and shown: one registry that every stage reads. */

export const CATEGORIES = ['job', 'pain', 'trigger', 'emotion', 'social', 'outcome', 'force'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories whose rules only run when a project's config switches them on (`categories: [force]`). */
export const OPTIONAL_CATEGORIES = ['force'] as const satisfies readonly Category[];
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];

/** The categories whose findings are evidence beside a job (everything but the job itself). */
export type CueCategory = Exclude<Category, 'job'>;

/**
 * How each category is named and shown: one registry that grouping, review,
 * jobs.yaml, the report and eval all read, in this order. A category added
 * to CATEGORIES gets its entry here and appears everywhere.
 */
export interface CategoryInfo {
  id: Category;
  /** its evidence on a candidate job, in jobs.yaml and the report (`pains:`); none for the job itself */
  cueKey?: string;
  /** a heading ("Social cues"), one and many ("social cue", "social cues") */
  heading: string;
  one: string;
  many: string;
  /** found only when a config or stage model switches it on (`categories: [force]`) */
  optional: boolean;
  /** labelled by hand in gold files (`labels: [...]`), so eval scores it */
  labelled: boolean;
}

export const CATEGORY_INFO: readonly CategoryInfo[] = [
  { id: 'job', heading: 'Jobs', one: 'job', many: 'jobs', optional: false, labelled: true },
  { id: 'pain', cueKey: 'pains', heading: 'Pains', one: 'pain', many: 'pains', optional: false, labelled: true },
  { id: 'trigger', cueKey: 'triggers', heading: 'Triggers', one: 'trigger', many: 'triggers', optional: false, labelled: true },
  { id: 'emotion', cueKey: 'emotions', heading: 'Emotions', one: 'emotion', many: 'emotions', optional: false, labelled: true },
  { id: 'social', cueKey: 'social', heading: 'Social cues', one: 'social cue', many: 'social cues', optional: false, labelled: true },
  { id: 'outcome', cueKey: 'outcomes', heading: 'Outcomes', one: 'outcome', many: 'outcomes', optional: false, labelled: false },
  { id: 'force', cueKey: 'forces', heading: 'Forces', one: 'force', many: 'forces', optional: true, labelled: false },
];

/** The categories that are evidence beside a job, with their key, in registry order. */
export const CUE_CATEGORIES = CATEGORY_INFO.filter((info): info is CategoryInfo & { id: CueCategory; cueKey: string } => info.cueKey !== undefined);

/** The categories a report lists: every default one, and an optional one only when it found something. */
export function reportedCategories(counts: Partial<Record<string, number>>): Category[] {
  return CATEGORIES.filter((c) => !(OPTIONAL_CATEGORIES as readonly Category[]).includes(c) || (counts[c] ?? 0) > 0);
}
