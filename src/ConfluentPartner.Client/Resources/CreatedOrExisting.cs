namespace ConfluentPartner.Client.Resources
{
    /// <summary>What a create that may find its resource already there ends in: the resource, and whether this call made it.</summary>
    public sealed class CreatedOrExisting<T>
    {
        public CreatedOrExisting(T value, string? requestId, bool alreadyExisted)
        {
            Value = value;
            RequestId = requestId;
            AlreadyExisted = alreadyExisted;
        }

        public T Value { get; }
        public string? RequestId { get; }
        /// <summary>True when the resource existed before this call (an earlier run made it); nothing was created.</summary>
        public bool AlreadyExisted { get; }
    }
}
