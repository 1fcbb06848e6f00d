namespace ConfluentPartner.Client.Http
{
    /// <summary>A successful answer: status, body text and request id.</summary>
    internal readonly struct CcResponse
    {
        public CcResponse(int status, string body, string? requestId)
        {
            Status = status; Body = body; RequestId = requestId;
        }
        public int Status { get; }
        public string Body { get; }
        public string? RequestId { get; }
    }
}
