/**
 * Where a claim comes from. A claim cites exactly what states its expected value:
 * - a lecture (one of the five texts in lectures/, by file and slide heading, optionally with the
 *   words quoted — a test checks that both appear in the text);
 * - a course programming assignment, whose printed output is the expected value (the lectures
 *   follow a course whose notebooks print figures the slides never show);
 * - the project, for a threshold chosen here, with the reason for its value.
 */

/** A claim's source, as stored in experiment.json and result.json. */
export type Source =
  | {
    kind: "lecture";
    /** The lecture's file in lectures/. */
    file: string;
    /** The slide heading, as a line of the file. */
    section: string;
    /** "Lecture 2 · Perceptron Rule in Python". */
    label: string;
    /** The lecture's words, verbatim up to whitespace, when the claim rests on a sentence. */
    quote?: string;
  }
  | {
    kind: "assignment";
    /** Key into ASSIGNMENTS. */
    assignment: string;
    /** "Course assignment · Planar data classification with one hidden layer". */
    label: string;
    /** Which version of the notebook printed the figure, when versions differ. */
    version?: string;
  }
  | {
    kind: "project";
    /** A short name for the threshold, shown as the source. */
    label: string;
    /** Why the threshold has this value. */
    reason: string;
  };

/** What a source is: a lecture, a course assignment, or the project's own threshold. */
export type SourceKind = Source["kind"];

/** The five lectures: their number (as the file names them) and file. */
export const LECTURES = {
  0: "000_1f11751481aa60aa.txt",
  1: "001_83458b1bb94aa1e4.txt",
  2: "002_fe9f34c7e4ab1bab.txt",
  3: "003_40b222a9bdbd03ec.txt",
  4: "004_62dbc0ba7525818d.txt",
} as const;

/** A lecture's number, 0 to 4, as `lecture(n, …)` takes it. */
export type LectureNumber = keyof typeof LECTURES;

/** What each lecture is, for headings on the site. */
export const LECTURE_TITLES: Record<LectureNumber, string> = {
  0: "Introduction to deep learning (AGH Krakow)",
  1: "Deep learning (Isfahan UT)",
  2: "Neural networks (National Chung Cheng U)",
  3: "Computer vision: neural networks part 2 (UCF)",
  4: "Deep learning workshop",
};

/**
 * The course programming assignments whose printed outputs some claims check (the deep-learning
 * specialisation the cat images come from).
 */
export const ASSIGNMENTS = {
  "python-basics": "Python Basics with Numpy (course 1, week 2)",
  "logreg-cat": "Logistic Regression with a Neural Network mindset (course 1, week 2)",
  "planar": "Planar data classification with one hidden layer (course 1, week 3)",
  "deep-nn-step": "Building your Deep Neural Network: Step by Step (course 1, week 4)",
  "deep-nn-app": "Deep Neural Network for Image Classification: Application (course 1, week 4)",
  "initialization": "Initialization (course 2, week 1)",
  "regularization": "Regularization (course 2, week 1)",
  "optimization": "Optimization Methods (course 2, week 2)",
} as const;

/** A course assignment, as `assignment(key)` takes it. */
export type AssignmentKey = keyof typeof ASSIGNMENTS;

/** A lecture slide, e.g. `lecture(2, "Perceptron Rule in Python")`. */
export function lecture(n: LectureNumber, section: string, quote?: string): Source {
  const s: Source = {
    kind: "lecture",
    file: LECTURES[n],
    section,
    label: `Lecture ${n} · ${section}`,
  };
  if (quote !== undefined) s.quote = quote;
  return s;
}

/** A course assignment's printed output, e.g. `assignment("planar")`. */
export function assignment(key: AssignmentKey, version?: string): Source {
  const s: Source = {
    kind: "assignment",
    assignment: key,
    label: `Course assignment · ${ASSIGNMENTS[key]}${version ? ` (${version})` : ""}`,
  };
  if (version !== undefined) s.version = version;
  return s;
}

/** A threshold chosen by this project, with the reason for its value. */
export function project(reason: string): Source {
  return { kind: "project", label: "This project's threshold", reason };
}

/** The lecture number of a lecture source's file (undefined for other kinds). */
export function lectureNumber(s: Source): LectureNumber | undefined {
  if (s.kind !== "lecture") return undefined;
  const hit = Object.entries(LECTURES).find(([, f]) => f === s.file);
  return hit ? Number(hit[0]) as LectureNumber : undefined;
}
