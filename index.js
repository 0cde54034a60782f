// n8n loads this package through the "n8n" section of package.json (dist/...); this entry point
// only exists so that `require('n8n-nodes-oceanpayment')` resolves. It exports nothing.
module.exports = {};
