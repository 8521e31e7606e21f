import { EventEmitter } from 'node:events';
import { prepareStdout } from '../../../src/runtime/non-blocking-stdout';

const errnoError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('prepareStdout', () => {
  it('swallows EPIPE: the reader of stdout went away', () => {
    const stdout = new EventEmitter();
    prepareStdout(stdout);

    expect(() => stdout.emit('error', errnoError('write EPIPE', 'EPIPE'))).not.toThrow();
  });

  it('still throws any other write error', () => {
    const stdout = new EventEmitter();
    prepareStdout(stdout);

    expect(() => stdout.emit('error', errnoError('no space', 'ENOSPC'))).toThrow('no space');
  });
});
