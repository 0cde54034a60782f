import { NOTICE_SOURCE_IPS } from '../transport/notices';
import type { WebhookRequest } from './body';

/**
 * The address a delivery came from, as n8n sees it: Express's `req.ip`, which is the socket's
 * peer unless n8n trusts proxies (N8N_PROXY_HOPS = the number of proxies in front of n8n), in
 * which case it is taken from X-Forwarded-For that many hops back. The node never reads
 * X-Forwarded-For itself: anyone can send that header.
 */
export function clientAddress(request: WebhookRequest): string {
	const address = typeof request.ip === 'string' && request.ip ? request.ip : request.socket?.remoteAddress ?? '';
	// IPv4 clients of a dual-stack server appear as ::ffff:a.b.c.d.
	return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

export function isOceanpaymentAddress(address: string): boolean {
	return NOTICE_SOURCE_IPS.includes(address);
}
