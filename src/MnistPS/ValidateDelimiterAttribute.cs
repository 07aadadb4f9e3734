using System.Management.Automation;

namespace MnistPS;

/// <summary>Refuses a -Delimiter that cannot separate the fields of an MNIST CSV, by the engine's rule (<see cref="CsvDelimiter.Problem"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValidateDelimiterAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is char delimiter && CsvDelimiter.Problem(delimiter) is { } problem)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}
