import { packageBuild } from '../../tsup.package.ts';

export default packageBuild({ external: ['hono', '@fetch-cors/core'] });
