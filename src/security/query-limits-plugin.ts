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
 * it ignores `first`; see `cost-limit-plugin.ts`.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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
import { checkPlugin, type OperationCheck } from '../graphql/execution/operation-checks';
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
}

/**
 * Recommended defaults. Our deepest useful shape,
 * `packages { edges { node { productInstances { referenceProductInstance { package { id } } } } } }`,
 * is 7 deep, and 8 leaves room for `pageInfo`-style wrappers; 15 aliases cover side-by-side
 * dashboard widgets; 20 directives cover `@include`/`@skip` toggles; 1000 tokens is about 3× the
 * largest dashboard query and well above the introspection query (163 tokens, 183 with every option).
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 1000,
});

/** What to give ApolloServer: `plugins` (spread into its list) and `parseOptions`. */
export interface QueryLimitProtection {
  readonly limits: QueryLimits;
  /** The depth, alias and directive check (the token limit is the parser's). */
  readonly check: OperationCheck<unknown>;
  /** The same check as Apollo plugins. */
  readonly plugins: ApolloServerPlugin<BaseContext>[];
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
 * Builds the structural limits. Usage:
 * `new ApolloServer({ …, parseOptions: armor.parseOptions, plugins: [...armor.plugins, …] })`.
 * A document over `maxTokens` fails parsing with Apollo's `GRAPHQL_PARSE_FAILED` ("Document
 * contains more than N tokens"); the others fail with `MAX_DEPTH_EXCEEDED`,
 * `MAX_ALIASES_EXCEEDED` or `MAX_DIRECTIVES_EXCEEDED` (`extensions.limit` holds the limit).
 */
export function createArmorRules(limits: Partial<QueryLimits> = {}): QueryLimitProtection {
  const resolved: QueryLimits = Object.freeze({ ...DEFAULT_QUERY_LIMITS, ...limits });
  for (const [name, value] of Object.entries(resolved)) assertLimit(name, value);
  // Apollo's document store hands out the same DocumentNode for the same query text, and the
  // verdict depends only on the document: check each document once, not on every request.
  const verdicts = new WeakMap<DocumentNode, Violation | null>();
  const check: OperationCheck<unknown> = ({ schema, document }) => {
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
  };
  return {
    limits: resolved,
    check,
    plugins: [checkPlugin(check)],
    parseOptions: { maxTokens: resolved.maxTokens },
  };
}
