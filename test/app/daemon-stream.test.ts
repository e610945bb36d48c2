import { describe, expect, it } from 'vitest';
import { parseSse } from '../../electron/app/daemon-stream.js';

describe('parseSse', () => {
  it('tells journal events, notifications and the head apart, and keeps a message cut between chunks for the next one', () => {
    const text = 'event: head\ndata: {"seq":4}\n\nid: 5\nevent: run\ndata: {"seq":5}\n\nevent: notification\ndata: {"deliveryId":1}\n\nid: 6\nevent: ta';
    const first = parseSse(text);
    expect(first.messages).toEqual([
      { event: 'head', data: '{"seq":4}' },
      { event: 'run', data: '{"seq":5}' },
      { event: 'notification', data: '{"deliveryId":1}' },
    ]);
    expect(first.rest).toBe('id: 6\nevent: ta');
    expect(parseSse(`${first.rest}sk\ndata: {"seq":6}\n\n`)).toEqual({ messages: [{ event: 'task', data: '{"seq":6}' }], rest: '' });
  });
});
