// The gulp build replaces this module's compiled output with a bundle of fast-xml-parser, so the
// published package needs nothing installed beside it (fast-xml-parser is a devDependency).
export { XMLParser, XMLValidator } from 'fast-xml-parser';
