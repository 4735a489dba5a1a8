/** Header names the policy writes (lower case, as Headers stores them). */
export const ACAO = 'access-control-allow-origin';
export const ACAC = 'access-control-allow-credentials';
export const ACAM = 'access-control-allow-methods';
export const ACAH = 'access-control-allow-headers';
export const ACMA = 'access-control-max-age';
export const ACAPN = 'access-control-allow-private-network';
export const ACEH = 'access-control-expose-headers';
export const ORIGIN = 'origin';
export const ACRM = 'access-control-request-method';
export const ACRH = 'access-control-request-headers';
export const ACRPN = 'access-control-request-private-network';
