using System.Management.Automation;
using System.Security;

namespace ConfluentPartner.Input
{
    /// <summary>
    /// Lets a SecureString parameter take a plain CSV cell: the text is converted at binding time, so the secret lives in
    /// the cmdlet only as a SecureString. An empty cell is "not given".
    /// </summary>
    public sealed class SecretTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is string text)) return value;
            text = text.Trim();
            if (text.Length == 0) return null;
            var secure = new SecureString();
            foreach (var c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
