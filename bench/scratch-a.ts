import { benchTransport } from './transport';
benchTransport(1000, 10).then((r) => { console.log(JSON.stringify(r)); process.exit(0); });
