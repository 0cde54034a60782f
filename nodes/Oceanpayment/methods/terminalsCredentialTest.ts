import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { oceanpaymentApiTest as testOneTerminal } from './credentialTest';
import { asThreeDSecureCredential, threeDSecurePair } from '../transport/terminals';

/**
 * The Test button of the Oceanpayment credential (issue 29): the one-terminal test of
 * `credentialTest.ts` for the main terminal and, when the credential has a 3-D Secure pair, for
 * that terminal too, each signed with its own secure code. A failure names the terminal it is
 * about; the messages come from the one-terminal test, which never shows a secure code.
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
	const main = await testOneTerminal.call(this, credential);
	if (!threeD) return main;
	const terminals = `Main terminal ${String(data.terminal ?? '').trim()}`;
	const other = `3-D Secure terminal ${String(threeD.terminal ?? '')}`;
	const second = await testOneTerminal.call(this, { ...credential, data: threeD });
	if (main.status !== 'OK' && second.status !== 'OK') {
		return { status: 'Error', message: `Both terminals failed. ${terminals}: ${main.message} ${other}: ${second.message}` };
	}
	if (main.status !== 'OK') return { status: 'Error', message: `${terminals} failed (the 3-D Secure terminal passed): ${main.message}` };
	if (second.status !== 'OK') return { status: 'Error', message: `${other} failed (the main terminal passed): ${second.message}` };
	return { status: 'OK', message: `Oceanpayment accepted the signatures of both terminals (${terminals}, ${other})` };
}
