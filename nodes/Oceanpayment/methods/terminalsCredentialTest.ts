import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { testTerminal } from './credentialTest';
import { secretHider } from '../transport/authentication';
import { asThreeDSecureCredential, threeDSecurePair } from '../transport/terminals';

/**
 * The Test button of the Oceanpayment credential (issue 29): the one-terminal test of
 * `credentialTest.ts` for the main terminal and, when the credential has a 3-D Secure pair, for
 * that terminal too, each signed with its own secure code. A failure names the terminal it is
 * about. A failure to reach the gateway (host, connection, HTTP status) is the same for both
 * terminals: it is reported once, without waiting for the second terminal's test to fail too.
 */
export async function oceanpaymentApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let threeD;
	try {
		threeD = threeDSecurePair(data) ? asThreeDSecureCredential(data) : undefined;
	} catch (caught) {
		return { status: 'Error', message: (caught as Error).message };
	}
	// Each half hides its own terminal's code; a gateway text may echo either, so both are hidden here.
	const hideCodes = secretHider(data);
	const hide = (result: INodeCredentialTestResult): INodeCredentialTestResult => ({ ...result, message: hideCodes(result.message) });
	const main = await testTerminal(this, credential);
	if (!threeD || (main.result.status !== 'OK' && !main.aboutKeys)) return hide(main.result);
	const terminals = `Main terminal ${String(data.terminal ?? '').trim()}`;
	const other = `3-D Secure terminal ${String(threeD.terminal ?? '')}`;
	const second = (await testTerminal(this, { ...credential, data: threeD })).result;
	if (main.result.status !== 'OK' && second.status !== 'OK') {
		return hide({ status: 'Error', message: `Both terminals failed. ${terminals}: ${main.result.message} ${other}: ${second.message}` });
	}
	if (main.result.status !== 'OK') return hide({ status: 'Error', message: `${terminals} failed (the 3-D Secure terminal passed): ${main.result.message}` });
	if (second.status !== 'OK') return hide({ status: 'Error', message: `${other} failed (the main terminal passed): ${second.message}` });
	return { status: 'OK', message: `Oceanpayment accepted the signatures of both terminals (${terminals}, ${other})` };
}
