import { EventEmitter } from 'node:events';
import { ignoreClosedStdout } from '../../../src/runtime/closed-stdout';

const errnoError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('ignoreClosedStdout', () => {
  it('swallows EPIPE: the reader of stdout went away', () => {
    const stdout = new EventEmitter();
    ignoreClosedStdout(stdout);

    expect(() => stdout.emit('error', errnoError('write EPIPE', 'EPIPE'))).not.toThrow();
  });

  it('still throws any other write error', () => {
    const stdout = new EventEmitter();
    ignoreClosedStdout(stdout);

    expect(() => stdout.emit('error', errnoError('no space', 'ENOSPC'))).toThrow('no space');
  });
});
