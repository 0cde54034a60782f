/**
 * The credential's Test button through n8n's own path: `POST /rest/credentials/test`, the call the
 * editor makes, on the stored simulator credential with the values of the form. n8n runs the
 * nodes' `testedBy: 'oceanpaymentApiTest'`, which signs a status query and reads the answer.
 */
import { credentialFor } from '../n8n.mjs';

export default function credentialTestChecks({ assert, assertEqual }) {
	return [
		{
			name: "the credential's Test through n8n's REST endpoint: the right Secure Code gives OK, a wrong one an Error naming the signature",
			run: async ({ rest, sim }) => {
				const client = await rest();
				const stored = credentialFor(sim.url);
				const test = async (data) => {
					const before = sim.admin.getLog().length;
					const result = await client.post('/credentials/test', { credentials: { id: stored.id, name: stored.name, type: stored.type, data: { ...stored.data, ...data } } });
					const calls = sim.admin.getLog().slice(before).filter((entry) => entry.path === '/service/check/normal');
					return { result, calls };
				};

				const right = await test({});
				assertEqual(right.result?.status, 'OK', `right keys: ${JSON.stringify(right.result)}`);
				assertEqual(right.calls.map((call) => call.signature), ['valid'], 'status queries the right keys sent');

				const wrong = await test({ secureCode: 'wrong-Secure-Code-0000' });
				assertEqual(wrong.result?.status, 'Error', `wrong Secure Code: ${JSON.stringify(wrong.result)}`);
				assert(/signature/i.test(wrong.result.message) && /Secure Code/.test(wrong.result.message), `the message names the signature and the Secure Code: ${wrong.result.message}`);
				assert(!wrong.result.message.includes('wrong-Secure-Code-0000'), 'the message holds the secret');
				assertEqual(wrong.calls.map((call) => call.signature), ['invalid'], 'status queries the wrong keys sent');

				const noScheme = await test({ queryBaseUrl: sim.url.replace(/^http:\/\//, '') });
				assertEqual(noScheme.result?.status, 'Error', 'custom URL without a scheme');
				assert(noScheme.result.message.includes('"Query Base URL"') && /http:\/\/ or https:\/\//.test(noScheme.result.message), `names the field and the scheme: ${noScheme.result.message}`);
				assertEqual(noScheme.calls.length, 0, 'calls made with a bad custom URL');
			},
		},
	];
}
