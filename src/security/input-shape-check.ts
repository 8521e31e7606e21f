/**
 * Refuses, before anything walks them recursively, argument values the gateway must never
 * pass on: values nested deeper than `MAX_INPUT_DEPTH` (a `not`/`and`/`or` filter 5000 deep
 * overflowed the stack of the recursive walkers behind it) and strings that are not well-formed
 * Unicode (a lone surrogate cannot be encoded for a URL or a JSON body faithfully). One check
 * for every argument of every field, literal or variable, so no field needs its own: every
 * string that can go upstream passes through here first.
 *
 * Both walks are iterative (an explicit stack), so the check itself cannot overflow.
 */
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { badUserInput, type InputViolation } from '../graphql/errors';

/**
 * The gateway's `BAD_USER_INPUT` (same message and violations), as a request error refused
 * before execution: HTTP 400, like the other checks' refusals.
 */
function refusal(violations: readonly InputViolation[]): GraphQLError {
  const error = badUserInput(violations);
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: { status: 400 } },
  });
}
import type { OperationCheck } from '../graphql/pipeline/operation-check';

/** Deepest nesting of objects and lists in one argument value or variable. */
export const MAX_INPUT_DEPTH = 64;

/**
 * True when `value` holds a lone surrogate. `isWellFormed` (ES2024, in Node 20; not yet in the
 * TypeScript lib this project targets) answers what `/\p{Cs}/u` does, natively: every string
 * variable of every request passes through here.
 */
const hasLoneSurrogate = (value: string): boolean =>
  !(value as unknown as { isWellFormed(): boolean }).isWellFormed();

const MAX_VIOLATIONS = 10;

type Found = (path: string, problem: 'depth' | 'unicode') => boolean;

const MESSAGES = {
  depth: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
  unicode: 'is not well-formed Unicode (a lone surrogate)',
} as const;

/** Walks a JSON value (a variable); stops when `found` says so. */
function walkValue(root: unknown, rootPath: string, found: Found): void {
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value) && found(path, 'unicode')) return;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      if (found(path, 'depth')) return;
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (hasLoneSurrogate(key) && found(`${path}.<key>`, 'unicode')) return;
        pending.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
}

/** Walks an argument literal of the document; stops when `found` says so. */
function walkLiteral(root: ValueNode, rootPath: string, found: Found): void {
  const pending: { node: ValueNode; path: string; depth: number }[] = [
    { node: root, path: rootPath, depth: 0 },
  ];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop()!;
    if (node.kind === Kind.STRING) {
      if (hasLoneSurrogate(node.value) && found(path, 'unicode')) return;
      continue;
    }
    if (node.kind !== Kind.LIST && node.kind !== Kind.OBJECT) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      if (found(path, 'depth')) return;
      continue;
    }
    if (node.kind === Kind.LIST) {
      node.values.forEach((item, index) =>
        pending.push({ node: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
    } else {
      for (const field of node.fields) {
        pending.push({ node: field.value, path: `${path}.${field.name.value}`, depth: depth + 1 });
      }
    }
  }
}

/** The check: every variable value and every argument literal of the document. */
export function createInputShapeCheck(): OperationCheck<unknown> {
  // The literals' verdict depends on the document alone: once per document.
  const literalVerdicts = new WeakMap<DocumentNode, readonly InputViolation[]>();
  return ({ document, variables }) => {
    let literalViolations = literalVerdicts.get(document);
    if (literalViolations === undefined) {
      literalViolations = literalProblems(document);
      literalVerdicts.set(document, literalViolations);
    }
    const violations: InputViolation[] = [...literalViolations];
    const found: Found = (path, problem) => {
      violations.push({ path, message: MESSAGES[problem] });
      return violations.length >= MAX_VIOLATIONS;
    };
    const values: Readonly<Record<string, unknown>> = variables ?? {};
    for (const name of Object.keys(values)) {
      if (violations.length >= MAX_VIOLATIONS) break;
      const value = values[name];
      // Most variables are plain strings (fifty aliased ids): checked without the walk's stack.
      if (typeof value === 'string') {
        if (hasLoneSurrogate(value)) found(`$${name}`, 'unicode');
        continue;
      }
      if (typeof value === 'object' && value !== null) walkValue(value, `$${name}`, found);
    }
    if (violations.length > 0) throw refusal(violations);
  };
}

/** Problems of the argument literals of `document` (directive arguments and fragments too). */
function literalProblems(document: DocumentNode): InputViolation[] {
  const violations: InputViolation[] = [];
  const found: Found = (path, problem) => {
    violations.push({ path, message: MESSAGES[problem] });
    return violations.length >= MAX_VIOLATIONS;
  };
  // graphql's own visitor: the document's depth is bounded by the parser's token limit.
  visit(document, {
    Argument(node) {
      if (violations.length < MAX_VIOLATIONS) walkLiteral(node.value, node.name.value, found);
      return false;
    },
  });
  return violations;
}
