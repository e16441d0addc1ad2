// `npm run totp [-- SECRET]`: prints the current second-factor code (development and the demo only).
import { generate } from 'otplib';
import { DEMO_TOTP_SECRET } from '../seeds/demo.js';

const secret = process.argv[2] ?? DEMO_TOTP_SECRET;
console.log(await generate({ secret }));
