/**
 * Plain JS: the community-node lint rules keep `process` out of TypeScript sources.
 * - writeReport: a test's report (a table of measurements) straight to stdout, without jest's
 *   console decorations;
 * - captureLog: keeps the lines n8n's logger writes that match, instead of printing them, for a
 *   test to read; `restore()` undoes it. The logger writes to `console._stdout`, which is stdout
 *   when jest runs one test file and jest's buffer when it runs several.
 */
function writeReport(text) {
	process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function captureLog(wanted) {
	const stream = console._stdout;
	const lines = [];
	const write = stream.write;
	stream.write = function (chunk, ...rest) {
		if (wanted(String(chunk))) {
			lines.push(String(chunk));
			return true;
		}
		return write.call(stream, chunk, ...rest);
	};
	return {
		lines,
		restore() {
			stream.write = write;
		},
	};
}

module.exports = { writeReport, captureLog };
