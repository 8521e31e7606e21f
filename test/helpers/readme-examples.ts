/**
 * The examples of README.md, read the way a reader uses them: every operation of every
 * ```graphql block, with the account its `# Run as:` line names and the variables of its
 * `# Variables:` line, and every `curl` line that calls the gateway, with the `TOKEN=$(…)`
 * line before it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

export const README_PATH = join(__dirname, '../../README.md');

export interface GraphQLExample {
  /** The whole block: what a reader pastes into the playground. */
  readonly document: string;
  readonly operationName: string;
  readonly operationType: OperationDefinitionNode['operation'];
  /** The text after `# Run as:` that applies to the operation (the last one before it). */
  readonly runAs: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
}

export interface CurlExample {
  /** The command as the README shows it, continuation lines joined. */
  readonly command: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  /** Arguments of the `TOKEN=$(node dist/src/auth/mint-dev-token.js …)` line before it, if any. */
  readonly tokenArgs: string[] | undefined;
}

function fencedBlocks(markdown: string, language: string): string[] {
  const pattern = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  return [...markdown.matchAll(pattern)].map((match) => match[1] as string);
}

/** Every operation of every ```graphql block of the README. */
export function readmeGraphQLExamples(
  markdown = readFileSync(README_PATH, 'utf8'),
): GraphQLExample[] {
  return fencedBlocks(markdown, 'graphql').flatMap((block) => {
    const operations = parse(block).definitions.filter(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    let previousEnd = 0;
    return operations.map((operation) => {
      const start = operation.loc?.start ?? 0;
      const before = block.slice(0, start);
      const between = block.slice(previousEnd, start);
      previousEnd = operation.loc?.end ?? start;
      const runAs = [...before.matchAll(/^# Run as: (.*)$/gm)].pop()?.[1];
      const variablesText = /^# Variables: (.*)$/m.exec(between)?.[1];
      return {
        document: block,
        operationName: operation.name?.value ?? '(anonymous)',
        operationType: operation.operation,
        runAs,
        variables:
          variablesText === undefined
            ? undefined
            : (JSON.parse(variablesText) as Record<string, unknown>),
      };
    });
  });
}

/** Splits one shell command line into words: '…' and "…" quoting, no expansion but $TOKEN kept. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const match of command.matchAll(pattern)) {
    words.push((match[1] ?? match[2] ?? match[3]) as string);
  }
  return words;
}

/** Every `curl` command of a ```sh block that calls the gateway at `gatewayOrigin`. */
export function readmeCurlExamples(
  gatewayOrigin: string,
  markdown = readFileSync(README_PATH, 'utf8'),
): CurlExample[] {
  return fencedBlocks(markdown, 'sh').flatMap((block) => {
    const commands = block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.trim());
    let tokenArgs: string[] | undefined;
    const examples: CurlExample[] = [];
    for (const command of commands) {
      const mint = /^TOKEN=\$\(node dist\/src\/auth\/mint-dev-token\.js (.*)\)$/.exec(command);
      if (mint) tokenArgs = shellWords(mint[1] as string);
      if (!command.startsWith('curl ') || !command.includes(`${gatewayOrigin}/graphql`)) continue;
      const words = shellWords(command);
      const headers: Record<string, string> = {};
      let body: string | undefined;
      let url = '';
      for (let index = 1; index < words.length; index++) {
        const word = words[index] as string;
        if (word === '-H') {
          const header = words[++index] as string;
          const colon = header.indexOf(':');
          headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
        } else if (word === '-d') {
          body = words[++index];
        } else if (word.startsWith('http')) {
          url = word;
        }
      }
      examples.push({ command, url, headers, body, tokenArgs });
    }
    return examples;
  });
}
