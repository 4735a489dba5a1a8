import { packageBuild } from '../../tsup.package';

export default packageBuild({ external: ['hono', '@fetch-cors/core'] });
