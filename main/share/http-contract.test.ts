import { contractSuite, CONTRACT_FILES } from '../test-support/contract-suite.js';
import { shareHarness } from '../test-support/api-harness.js';

contractSuite('HTTP (the browser transport and a real share)', () => shareHarness(CONTRACT_FILES), 'http');
