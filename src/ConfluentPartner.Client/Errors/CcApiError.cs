namespace ConfluentPartner.Client.Errors
{
    /// <summary>
    /// One entry of the API's <c>errors[]</c>, or one client-side contract violation in the same shape. Immutable: it
    /// holds what the server (or the contract check) said, nothing a caller added later.
    /// </summary>
    public class CcApiError
    {
        public CcApiError(string code, string? detail, string? pointer = null, string? title = null, string? queryParameter = null,
            string? id = null, string? resolution = null)
        {
            Code = code;
            Detail = detail;
            Pointer = pointer;
            Title = title;
            QueryParameter = queryParameter;
            Id = id;
            Resolution = resolution;
        }

        /// <summary>A copy of <paramref name="other"/>, for a caller's own subtype that adds what it knows (e.g. the parameter).</summary>
        protected CcApiError(CcApiError other)
            : this(other.Code, other.Detail, other.Pointer, other.Title, other.QueryParameter, other.Id, other.Resolution)
        {
        }

        public string Code { get; }
        public string? Id { get; }
        public string? Title { get; }
        public string? Detail { get; }
        /// <summary>The server's own advice (<c>errors[].resolution</c>), when it sent one.</summary>
        public string? Resolution { get; }
        /// <summary>JSON pointer into the request body, e.g. <c>/organization/name</c>.</summary>
        public string? Pointer { get; }
        /// <summary>Query (or path) parameter that caused the error, e.g. <c>page_token</c>.</summary>
        public string? QueryParameter { get; }

        public override string ToString() => Detail ?? Title ?? Code;
    }
}
