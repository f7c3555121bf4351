// n8n finds the nodes and credentials through the "n8n" section of package.json; this entry point
// exists so that `require('n8n-nodes-dialpad')` resolves.
module.exports = {};
