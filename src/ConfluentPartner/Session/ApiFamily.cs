namespace ConfluentPartner.Session
{
    /// <summary>Which Confluent Cloud API a cmdlet calls, and so which credentials it takes.</summary>
    public enum ApiFamily
    {
        /// <summary>iam/v2 and the other Cloud APIs: an API key (-Credential) or a bearer token.</summary>
        Iam,
        /// <summary>partner/v2: OAuth only, a bearer token or an OAuth client (-ClientCredential) that fetches one.</summary>
        Partner,
    }
}
