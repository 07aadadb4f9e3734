@{
    Synopsis    = 'Reads your own image files (PNG, JPEG, BMP, GIF, WebP) as MNIST digits, normalised as MNIST''s own were.'
    Description = @'
Import-MnistImage turns each image file into one MnistSample, the same type Import-MnistData writes, so images flow into Get-MnistPrediction, Test-MnistNetwork, Show-MnistImage and Export-MnistData. Each sample's Source is the file's path, and so is that of every prediction made from it.

A photo or a scan of a digit looks nothing like an MNIST digit, so the image is normalised the way the MNIST authors normalised theirs:

- greyscale, with transparent pixels composited over white (a canvas drawing with a transparent background works);

- polarity detected from the image: dark ink on light paper is inverted to MNIST's light ink on black (-Invert overrides);

- the background levelled out (uneven light, shadows, grey paper) and the ink's contrast stretched;

- cropped to the ink (specks of dust and noise ignored);

- strokes much thinner than MNIST's (a fine pen on a large page) thickened to MNIST's width;

- scaled with anti-aliasing so that the longer side is 20 pixels, keeping the aspect ratio;

- placed in a 28x28 frame with the ink's centre of mass at the centre.

Files are read on worker threads, up to four per core at once (at most 16), and written to the pipeline in input order, errors in their place.

A 28x28 image is already MNIST-sized: only its polarity is set, so an MNIST digit saved as a PNG comes back pixel for pixel. -NoPreprocess takes any image as it is, only stretched to 28x28.

Limits keep memory bounded: files of at most 256 MiB, and at most 32 megapixels (32,000,000 pixels) decoded (JPEG and WebP photos are decoded at a reduced size first, so a 48-megapixel phone photo reads quickly). A file that is not an image, is truncated, is in another format (TIFF, HEIC, SVG, ...), is too large or shows no digit is a non-terminating error naming the file (ids InvalidImage, ImageTooLarge, NoInk); the next files still flow.

The module ships three sample images in its examples/images folder: a photo of a 3 written in pen (photo-3.jpg), a canvas drawing of a 2 with a transparent background (canvas-2.png) and the first MNIST test digit, a 7, as a 28x28 PNG (mnist-test-0.png).
'@
    Parameters  = @{
        Path         = 'Image files to read. Wildcards are allowed; relative paths are resolved from the current location.'
        LiteralPath  = 'Image files to read, used exactly as typed (no wildcards). Get-ChildItem output binds to this parameter by its PSPath property.'
        Label        = 'The digit (0-9) the images show, if you know it. The samples are then labelled, so Test-MnistNetwork can score them and predictions say whether they are correct.'
        Invert       = 'Auto (default) inverts when the background is lighter than the ink, as on paper. Always inverts (dark digit on a light background); Never keeps the intensities (light digit on a dark background, as MNIST). With -NoPreprocess there is no detection: Auto keeps the intensities, as Never does.'
        NoPreprocess = 'Takes the image as it is: greyscale, stretched to 28x28, with no levelling, cropping or centring. Without -Invert Always the intensities are kept.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'A path, by value.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, by their PSPath property.' }
    )
    Outputs     = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'One per image: Index (the file''s position among the files read by this command, from 0), Label (from -Label, or null), Pixels (784 bytes, row by row) and Source (the file).' }
    )
    Examples    = @(
        @{
            Code    = @'
$images = Join-Path (Get-Module MnistPS).ModuleBase 'examples/images'
Import-MnistImage -Path $images/photo-3.jpg | Show-MnistImage
'@
            Remarks = 'Reads the sample photo of a handwritten 3 (1600x1200, dark ink on uneven paper) and draws the 28x28 digit the network will see.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 5 -Seed 1 | Out-Null
$images = Join-Path (Get-Module MnistPS).ModuleBase 'examples/images'
Get-ChildItem $images | Import-MnistImage | Get-MnistPrediction -Network $net
'@
            Remarks = 'Trains a network, then predicts every image of the sample folder: files from Get-ChildItem flow in by their path, and each prediction names its file in the Source column.'
        }
        @{
            Code    = @'
$images = Join-Path (Get-Module MnistPS).ModuleBase 'examples/images'
$mnist = Import-MnistData -Dataset Test | Select-Object -First 1
$image = Import-MnistImage -LiteralPath $images/mnist-test-0.png -Label 7
Compare-Object $mnist.Pixels $image.Pixels -SyncWindow 0 | Measure-Object | Select-Object Count
'@
            Remarks = 'A 28x28 MNIST digit saved as PNG imports pixel for pixel: no pixel differs from the first test digit.'
        }
        @{
            Code    = @'
$images = Join-Path (Get-Module MnistPS).ModuleBase 'examples/images'
Set-Content -Path ./notes.png -Value 'not an image'
Import-MnistImage -Path ./notes.png, $images/canvas-2.png -ErrorVariable bad -ErrorAction SilentlyContinue | Show-MnistImage -AsciiOnly
$bad[0].Exception.Message
'@
            Remarks = 'A bad file among good ones is a non-terminating error naming it; the canvas drawing after it is still read.'
        }
        @{
            Code    = @'
$images = Join-Path (Get-Module MnistPS).ModuleBase 'examples/images'
Import-MnistImage -LiteralPath $images/canvas-2.png -NoPreprocess -Invert Always | Show-MnistImage -AsciiOnly
'@
            Remarks = 'Takes the canvas drawing as it is, only stretched from 280x280 to 28x28 and inverted, with no levelling, cropping, scaling to the 20-pixel box or centring. Compare it with Import-MnistImage $images/canvas-2.png | Show-MnistImage: this drawing happens to be centred already, so the two differ only in size and stroke.'
        }
    )
}
