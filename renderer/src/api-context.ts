// The contract, handed down the tree. Components never learn which transport they have.
import { createContext, useContext } from 'react';
import type { Capabilities, ReelvaultApi } from '../../contract/api.js';

export const ApiContext = createContext<{ api: ReelvaultApi; caps: Capabilities } | null>(null);

export function useApi(): { api: ReelvaultApi; caps: Capabilities } {
  const v = useContext(ApiContext);
  if (!v) throw new Error('useApi outside ApiContext');
  return v;
}
