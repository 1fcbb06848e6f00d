namespace ConfluentPartner.Client.Errors
{
    /// <summary>One entry of the API's <c>errors[]</c>, or one client-side contract violation in the same shape.</summary>
    public sealed class CcApiError
    {
        public string Code { get; set; } = "";
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Detail { get; set; }
        public string? Resolution { get; set; }
        /// <summary>JSON pointer into the request body, e.g. <c>/organization/name</c>.</summary>
        public string? Pointer { get; set; }
        /// <summary>Query parameter that caused the error, e.g. <c>page_token</c>.</summary>
        public string? QueryParameter { get; set; }
        /// <summary>The cmdlet parameter the pointer maps to (e.g. <c>OrganizationName</c>); set by the cmdlet layer.</summary>
        public string? ParameterName { get; set; }

        public override string ToString() => Detail ?? Title ?? Code;
    }
}
