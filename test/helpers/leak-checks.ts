/** What must never reach a client or a log line: the API key, upstream addresses, stacks. */
import { TEST_API_KEY } from './test-gateway';

/**
 * The forbidden things found in `text` (empty when clean): the test API key, the upstream's
 * `host:port` or URL, a stack trace, and any of `upstreamPhrases` (text only the upstream
 * body holds).
 */
export function leaksIn(
  text: string,
  upstreamUrl: string,
  upstreamPhrases: readonly string[] = [],
): string[] {
  const { host, port } = new URL(upstreamUrl);
  const found: string[] = [];
  if (text.includes(TEST_API_KEY)) found.push('API key');
  if (text.includes(host) || text.includes(`:${port}`)) found.push('upstream host:port');
  if (/https?:\/\//.test(text)) found.push('a URL');
  if (/"stack"|\n\s+at |\bat [\w.<>]+ \(/.test(text)) found.push('a stack trace');
  for (const phrase of upstreamPhrases) if (text.includes(phrase)) found.push(`"${phrase}"`);
  return found;
}
