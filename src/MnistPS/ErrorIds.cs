namespace MnistPS;

/// <summary>The stable ids of the errors the cmdlets write (ErrorRecord.FullyQualifiedErrorId starts with one).</summary>
public static class ErrorIds
{
    public const string PathNotFound = nameof(PathNotFound);
    public const string InvalidRecord = nameof(InvalidRecord);
    public const string InvalidFileFormat = nameof(InvalidFileFormat);
    public const string InvalidModelFile = nameof(InvalidModelFile);
    public const string FileExists = nameof(FileExists);
    public const string WriteFailed = nameof(WriteFailed);
    public const string ReadFailed = nameof(ReadFailed);
    public const string InvalidArgument = nameof(InvalidArgument);
    public const string NoData = nameof(NoData);
    public const string TrainingDiverged = nameof(TrainingDiverged);
    public const string InvalidImage = nameof(InvalidImage);
    public const string ImageTooLarge = nameof(ImageTooLarge);
    public const string NoInk = nameof(NoInk);
}
