/**
 * Counts the root fields of a mutation operation: each is one upstream write (or more), and
 * aliases let one small request carry a hundred of them. Fragments spread on the mutation type
 * count each time they are spread; `@skip`/`@include` are ignored (counted as selected), so the
 * count is an upper bound known before execution.
 */
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The largest count reported; counting stops there (a fragment cycle is a validation error). */
const COUNT_CEILING = 1_000_000;

/** Root fields the mutation `operation` selects (0 for queries and subscriptions). */
export function countRootMutationFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): number {
  if (operation.operation !== 'mutation') return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  // An explicit stack, not recursion: the document is the client's.
  const pending: SelectionSetNode[] = [operation.selectionSet];
  let count = 0;
  while (pending.length > 0 && count < COUNT_CEILING) {
    const selectionSet = pending.pop() as SelectionSetNode;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) count += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return Math.min(count, COUNT_CEILING);
}
