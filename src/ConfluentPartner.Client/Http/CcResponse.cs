namespace ConfluentPartner.Client.Http
{
    /// <summary>A successful answer: status, body text, and the headers callers keep.</summary>
    internal readonly struct CcResponse
    {
        public CcResponse(int status, string body, string? requestId, string? location)
        {
            Status = status; Body = body; RequestId = requestId; Location = location;
        }
        public int Status { get; }
        public string Body { get; }
        public string? RequestId { get; }
        public string? Location { get; }
    }
}
