import {
  MAX_FRAGMENTS,
  serializedFragment,
} from '../../../src/graphql/pipeline/projection/serialized-fragments';
import {
  serializedDataOf,
  serializedResult,
} from '../../../src/graphql/pipeline/serialized-result';

/** A projector that charges `charge` and counts its runs. */
function projector(charge: number) {
  const run = jest.fn((source: object, state: { charge: number }) => {
    state.charge += charge;
    return { seen: Object.keys(source) };
  });
  return run;
}

describe('serializedFragment', () => {
  it("makes an object's text once per projector and charges the same each time", () => {
    const source = { id: 'a', name: 'b' };
    const project = projector(3);
    const first = { charge: 1 };
    const again = { charge: 10 };
    expect(serializedFragment(source, project, first)).toBe('{"seen":["id","name"]}');
    expect(serializedFragment(source, project, again)).toBe('{"seen":["id","name"]}');
    expect(project).toHaveBeenCalledTimes(1);
    expect([first.charge, again.charge]).toEqual([4, 13]);
  });

  it('keeps one text per projector, and no copy or JSON of the object sees them', () => {
    const source = { id: 'a' };
    const one = projector(0);
    const other = jest.fn(() => ({ other: true }));
    serializedFragment(source, one, { charge: 0 });
    expect(serializedFragment(source, other, { charge: 0 })).toBe('{"other":true}');
    expect(serializedFragment(source, one, { charge: 0 })).toBe('{"seen":["id"]}');
    expect([one.mock.calls.length, other.mock.calls.length]).toEqual([1, 1]);
    expect(JSON.stringify(source)).toBe('{"id":"a"}');
    expect(Object.getOwnPropertySymbols({ ...source })).toEqual([]);
  });

  it(`keeps at most ${MAX_FRAGMENTS} texts per object, serialising the next ones each time`, () => {
    const source = { id: 'a' };
    const projectors = Array.from({ length: MAX_FRAGMENTS + 1 }, () => projector(0));
    for (const project of projectors) serializedFragment(source, project, { charge: 0 });
    for (const project of projectors) serializedFragment(source, project, { charge: 0 });
    expect(projectors.map((project) => project.mock.calls.length)).toEqual([
      ...Array.from({ length: MAX_FRAGMENTS }, () => 1),
      2,
    ]);
  });

  it('keeps nothing when the projection bails', () => {
    const source = { id: 'a' };
    const bail = new Error('bail');
    const failing = jest.fn(() => {
      throw bail;
    });
    expect(() => serializedFragment(source, failing, { charge: 0 })).toThrow(bail);
    expect(() => serializedFragment(source, failing, { charge: 0 })).toThrow(bail);
    expect(failing).toHaveBeenCalledTimes(2);
  });
});

describe('serializedResult', () => {
  it('carries the text, and data parsed from it only when read', () => {
    const parse = jest.spyOn(JSON, 'parse');
    const result = serializedResult('{"package":{"id":"a","list":[1,null]}}');
    expect(serializedDataOf(result)).toBe('{"package":{"id":"a","list":[1,null]}}');
    expect(parse).not.toHaveBeenCalled();
    expect(result.data).toEqual({ package: { id: 'a', list: [1, null] } });
    expect(result.data).toBe(result.data);
    expect(result.errors).toBeUndefined();
    parse.mockRestore();
  });

  it('says a result built otherwise has no text', () => {
    expect(serializedDataOf({ data: { a: 1 } })).toBeUndefined();
  });
});
