'use strict';
/**
 * Records what nodes log through n8n's logger (`this.logger` is `Container.get(Logger)` in
 * n8n-core's execution contexts) instead of printing it. Plain JS: @n8n/di and
 * @n8n/backend-common come with n8n-core and are not the package's own devDependencies, which
 * the community-node lint rules require of TypeScript imports.
 */
const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');

/** Replaces n8n's logger; returns { lines: [{ level, message, metadata }], restore() }. */
function captureN8nLogs() {
	const original = Container.get(Logger);
	const lines = [];
	const record = (level) => (message, metadata) => {
		lines.push({ level, message: String(message), metadata });
	};
	const capture = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
	Container.set(Logger, { ...capture, scoped: () => capture });
	return { lines, restore: () => Container.set(Logger, original) };
}

module.exports = { captureN8nLogs };
