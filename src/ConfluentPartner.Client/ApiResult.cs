namespace ConfluentPartner.Client
{
    /// <summary>A value the API answered with, and the answer's <c>X-Request-Id</c>.</summary>
    public sealed class ApiResult<T>
    {
        public ApiResult(T value, string? requestId) { Value = value; RequestId = requestId; }
        public T Value { get; }
        public string? RequestId { get; }
    }
}
