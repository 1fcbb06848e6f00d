namespace ConfluentPartner.Client.Http
{
    /// <summary>A successful answer: status, body text and request id.</summary>
    internal readonly struct CcResponse
    {
        public CcResponse(int status, string body, string? requestId, string? incomplete = null)
        {
            Status = status; Body = body; RequestId = requestId; Incomplete = incomplete;
        }
        /// <summary>Why the body is missing or cut short (it did not arrive within the timeout); null when it arrived whole.</summary>
        public string? Incomplete { get; }
        public int Status { get; }
        public string Body { get; }
        public string? RequestId { get; }
    }
}
