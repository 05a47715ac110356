/** A complete production environment (single-tenant app registration, public URL) for config tests. */
export const PROD = {
  MicrosoftAppId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  MicrosoftAppPassword: 'secret-value',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58',
  PUBLIC_BASE_URL: 'https://bridge.contoso.com',
};
