namespace ConfluentPartner.Session
{
    /// <summary>Environment variables read for credentials and endpoint (the API key pair is the Terraform provider's).</summary>
    internal static class EnvironmentNames
    {
        public const string ApiKey = "CONFLUENT_CLOUD_API_KEY";
        public const string ApiSecret = "CONFLUENT_CLOUD_API_SECRET";
        public const string AccessToken = "CONFLUENT_CLOUD_ACCESS_TOKEN";
        public const string ClientId = "CONFLUENT_PARTNER_CLIENT_ID";
        public const string ClientSecret = "CONFLUENT_PARTNER_CLIENT_SECRET";
        public const string BaseUri = "CONFLUENT_CLOUD_BASE_URI";
    }
}
