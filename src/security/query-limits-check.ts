/**
 * Structural abuse limits — depth, aliases, directives via GraphQL Armor's rules, and tokens via
 * graphql-js's own parser limit — each rejected with a stable `extensions.code`.
 *
 * Why not `ApolloArmor().protect()` as is: in Apollo Server 5 every validation-rule error is
 * re-coded `GRAPHQL_VALIDATION_FAILED`, so the three limits would be indistinguishable; and
 * Armor's Apollo token plugin parses every document a second time in `parsingDidStart`, where a
 * throw is an unexpected error (HTTP 500), and installs an `unexpectedErrorProcessingRequest`
 * hook that rethrows any internal error's text to the client. So Armor's rules run here, in
 * `didResolveOperation` (before execution, where a thrown GraphQLError is a clean 400), and the
 * token limit is graphql-js's `parse(…, { maxTokens })`, which aborts lexing as soon as the limit
 * is passed — the only place that protects the parser itself. Armor's cost rule is not used:
 * it ignores `first`; see `cost-check.ts`. The number of root mutation fields of the operation
 * that will run is capped too (`TOO_MANY_MUTATIONS`): aliases would otherwise let one request
 * carry as many writes as the alias limit.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { OperationCheck } from '../graphql/pipeline/operation-check';
import { countRootMutationFields } from './mutation-count';
import { RequestRejectedError, type RequestRejectionCode } from './request-rejected-error';

export interface QueryLimits {
  /** Deepest field nesting; fragments do not add levels; `__schema` is not counted. */
  readonly maxDepth: number;
  /** Aliased fields per operation (fragments counted each time they are spread). */
  readonly maxAliases: number;
  /** Directive uses per operation. */
  readonly maxDirectives: number;
  /** Lexical tokens per document; enforced by the parser. */
  readonly maxTokens: number;
  /** Root fields of one mutation operation (each is at least one upstream write). */
  readonly maxMutations: number;
}

/** The depth, alias and directive check, and the parser option that enforces the token limit. */
export interface QueryLimitsCheck {
  readonly limits: QueryLimits;
  /** The depth, alias and directive check (the token limit is the parser's). */
  readonly check: OperationCheck<unknown>;
  /** Parse every document with these (`maxTokens`). */
  readonly parseOptions: ParseOptions;
}

type Violation = { code: RequestRejectionCode; limit: number; message: string };

/** Armor prefixes its messages with a misleading "Syntax Error: ". */
function armorMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}

/** Runs the Armor rules over a validated document; returns the first violation, if any. */
export function findLimitViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits,
): Violation | undefined {
  const violations: Violation[] = [];
  const collect = (code: RequestRejectionCode, limit: number) => ({
    propagateOnRejection: false,
    onReject: [
      (_context: unknown, error: GraphQLError) =>
        violations.push({ code, limit, message: armorMessage(error) }),
    ],
  });
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...collect('MAX_DEPTH_EXCEEDED', limits.maxDepth),
    }),
    maxAliasesRule({ n: limits.maxAliases, ...collect('MAX_ALIASES_EXCEEDED', limits.maxAliases) }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      ...collect('MAX_DIRECTIVES_EXCEEDED', limits.maxDirectives),
    }),
  ];
  validate(schema, document, rules);
  return violations[0];
}

function assertLimit(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`query limit ${name} must be a positive integer`);
  }
}

/**
 * Builds the structural limits (values from the config's `GRAPHQL_MAX_*`); throws when one is
 * not a positive integer. A document over `maxTokens` fails parsing ("Document contains more
 * than N tokens", `GRAPHQL_PARSE_FAILED`); the others fail with `MAX_DEPTH_EXCEEDED`,
 * `MAX_ALIASES_EXCEEDED` or `MAX_DIRECTIVES_EXCEEDED` (`extensions.limit` holds the limit).
 */
export function createQueryLimitsCheck(limits: QueryLimits): QueryLimitsCheck {
  const resolved: QueryLimits = Object.freeze({
    maxDepth: limits.maxDepth,
    maxAliases: limits.maxAliases,
    maxDirectives: limits.maxDirectives,
    maxTokens: limits.maxTokens,
    maxMutations: limits.maxMutations,
  });
  for (const [name, value] of Object.entries(resolved)) assertLimit(name, value);
  // Apollo's document store hands out the same DocumentNode for the same query text, and the
  // verdict depends only on the document: check each document once, not on every request.
  const verdicts = new WeakMap<DocumentNode, Violation | null>();
  const check: OperationCheck<unknown> = ({ schema, document, operation }) => {
    let violation = verdicts.get(document);
    if (violation === undefined) {
      violation = findLimitViolation(schema, document, resolved) ?? null;
      verdicts.set(document, violation);
    }
    if (violation) {
      throw new RequestRejectedError(violation.code, violation.message, {
        limit: violation.limit,
      });
    }
    const mutations = operation === undefined ? 0 : countRootMutationFields(document, operation);
    if (mutations > resolved.maxMutations) {
      throw new RequestRejectedError(
        'TOO_MANY_MUTATIONS',
        `Operation has ${mutations} mutation fields, which exceeds the limit of ${resolved.maxMutations}.`,
        { limit: resolved.maxMutations },
      );
    }
  };
  return {
    limits: resolved,
    check,
    parseOptions: { maxTokens: resolved.maxTokens },
  };
}
