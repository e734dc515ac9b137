// Loaded with `--import` by `hookline run --audit policy.json`, before the program.
import { audit } from '../../audit/index.js';
import { readPolicyFile } from '../../audit/policy-file.js';

const file = process.env['HOOKLINE_AUDIT_POLICY'];
// The program's own environment, as it would be without hookline.
delete process.env['HOOKLINE_AUDIT_POLICY'];
if (file !== undefined) audit.policy(readPolicyFile(file));
