import { busContract } from './bus-contract.js';
import { InProcessBus } from './in-process.js';

busContract('in-process', async (options) => new InProcessBus(options));
