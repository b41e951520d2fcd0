import { describe, expect, it } from 'vitest';
import { SseParser, type StreamEvent } from './event-stream.js';

describe('SSE parser', () => {
  it('parses events split anywhere, with ids, names, comments and retry', () => {
    const text = 'retry: 1500\n\n: hb\n\nid: 7\nevent: library\ndata: {"a":\ndata: 1}\n\nid: 8\r\nevent: scan\r\ndata: x\r\n\r\ndata: no-name\n\n';
    for (const step of [1, 3, 7, text.length]) {
      const p = new SseParser();
      const got: StreamEvent[] = [];
      for (let i = 0; i < text.length; i += step) p.push(text.slice(i, i + step), (e) => got.push(e));
      expect(got).toEqual([
        { id: 7, name: 'library', data: '{"a":\n1}' },
        { id: 8, name: 'scan', data: 'x' },
        { id: 8, name: 'message', data: 'no-name' },
      ]);
      expect(p.retryMs).toBe(1500);
      expect(p.lastId).toBe(8);
    }
  });
});
