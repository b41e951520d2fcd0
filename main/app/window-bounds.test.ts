import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { loadBounds, restorableBounds, saveBounds } from './window-bounds.js';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const second = { x: 1440, y: 0, width: 1920, height: 1080 };

describe('window bounds between runs', () => {
  it('restores a place that lies on a display, and only the size when it does not', () => {
    const onSecond = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(restorableBounds(onSecond, [laptop, second])).toEqual(onSecond);
    expect(restorableBounds(onSecond, [laptop])).toEqual({ width: 1200, height: 800 }); // the second screen is gone
    expect(restorableBounds({ x: -2000, y: 50, width: 800, height: 600 }, [laptop])).toEqual({ width: 800, height: 600 });
    expect(restorableBounds({ x: 10, y: 2000, width: 4000, height: 3000 }, [laptop])).toEqual({ width: 1440, height: 900 });
    expect(restorableBounds(null, [laptop])).toEqual({ width: 1280, height: 800 });
  });

  it('keeps them in the data folder', async () => {
    const dir = tmpDir();
    expect(loadBounds(dir)).toBeNull();
    await saveBounds(dir, { x: 5, y: 6, width: 900, height: 700 });
    expect(loadBounds(dir)).toEqual({ x: 5, y: 6, width: 900, height: 700 });
  });
});
